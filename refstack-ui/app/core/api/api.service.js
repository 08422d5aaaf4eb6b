/**
 * apiService: the one wrapper around $http.  It owns the API base URL (from
 * config.json), sends credentials, normalises errors to
 * {status, title, detail, message} and optionally shows a toast before
 * re-rejecting, so callers always get a rejected promise on failure.
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .factory('apiService', apiService);

  apiService.$inject = ['$http', '$q', 'refstackConfig', 'toastService'];

  function apiService($http, $q, refstackConfig, toastService) {
    var baseUrl = refstackConfig.refstackApiUrl.replace(/\/+$/, '');

    var service = {
      baseUrl: baseUrl,
      url: url,
      absoluteUrl: absoluteUrl,
      get: get,
      getText: getText,
      post: post,
      put: put,
      delete: remove,
      normaliseError: normaliseError,
    };
    return service;

    /** Build the URL of an API path ("/results" -> "<base>/results"). */
    function url(path) {
      return baseUrl + path;
    }

    /** Absolute, copy-pasteable URL even when refstackApiUrl is relative. */
    function absoluteUrl(path) {
      var full = url(path);
      if (/^https?:\/\//i.test(full)) {
        return full;
      }
      return window.location.protocol + '//' + window.location.host + full;
    }

    function get(path, params, options) {
      return request(angular.extend({ method: 'GET', url: url(path), params: params }, options));
    }

    /** GET a text/plain resource without any JSON parsing. */
    function getText(path, params, options) {
      return request(angular.extend({
        method: 'GET',
        url: url(path),
        params: params,
        headers: { Accept: 'text/plain' },
        transformResponse: [identity],
      }, options));
    }

    function post(path, data, options) {
      return request(angular.extend({ method: 'POST', url: url(path), data: data }, options));
    }

    function put(path, data, options) {
      return request(angular.extend({ method: 'PUT', url: url(path), data: data }, options));
    }

    function remove(path, options) {
      return request(angular.extend({ method: 'DELETE', url: url(path) }, options));
    }

    function request(config) {
      var toast = config.toast;
      delete config.toast;
      config.withCredentials = true;
      return $http(config).then(function success(response) {
        return response.data;
      }, function failure(response) {
        var error = normaliseError(response);
        if (toast) {
          toastService.error(toast + ': ' + error.message);
        }
        return $q.reject(error);
      });
    }

    /** Turn an $http error response into {status, title, detail, message}. */
    function normaliseError(response) {
      response = response || {};
      var data = response.data;
      var status = typeof response.status === 'number' ? response.status : -1;
      var title = null;
      var detail = null;
      if (data && typeof data === 'object') {
        title = typeof data.title === 'string' ? data.title : null;
        detail = typeof data.detail === 'string' && data.detail ? data.detail : null;
      } else if (typeof data === 'string' && data && data.length < 300 && !/</.test(data)) {
        detail = data;
      }
      var message;
      if (status <= 0) {
        message = 'The RefStack API could not be reached';
      } else {
        message = detail || title || response.statusText || ('HTTP error ' + status);
        if (detail && title && detail.indexOf(title) !== 0 && title.length < 40) {
          message = title + ': ' + detail;
        }
      }
      return { status: status, title: title, detail: detail, message: message };
    }

    function identity(value) {
      return value;
    }
  }
})();
