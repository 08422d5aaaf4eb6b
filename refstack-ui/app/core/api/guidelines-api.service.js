/**
 * guidelinesApi: GET /guidelines, /guidelines/{file}, /guidelines/{file}/tests.
 * Guideline documents are immutable per file name, so they are cached.
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .factory('guidelinesApi', guidelinesApi);

  guidelinesApi.$inject = ['$q', 'apiService'];

  function guidelinesApi($q, apiService) {
    var cache = {};
    var indexPromise = null;

    var service = {
      list: list,
      get: get,
      testListPath: testListPath,
      testListUrl: testListUrl,
      testList: testList,
    };
    return service;

    /** {powered: [{name, file}], <addon>: [...]} */
    function list() {
      if (!indexPromise) {
        indexPromise = apiService.get('/guidelines').then(function ok(index) {
          return index && typeof index === 'object' ? index : { powered: [] };
        }, function failed(error) {
          indexPromise = null;
          return $q.reject(error);
        });
      }
      return indexPromise;
    }

    function get(file) {
      if (!cache[file]) {
        cache[file] = apiService.get('/guidelines/' + encodeURIComponent(file)).catch(function failed(error) {
          delete cache[file];
          return $q.reject(error);
        });
      }
      return cache[file];
    }

    /** Path + query of the plain-text test list for refstack-client. */
    function testListPath(file, params) {
      var query = [
        'target=' + encodeURIComponent(params.target),
        'type=' + params.types.map(encodeURIComponent).join(','),
        'alias=' + (params.alias ? 'true' : 'false'),
        'flag=' + (params.flag ? 'true' : 'false'),
      ].join('&');
      return '/guidelines/' + encodeURIComponent(file) + '/tests?' + query;
    }

    function testListUrl(file, params) {
      return apiService.absoluteUrl(testListPath(file, params));
    }

    function testList(file, params) {
      return apiService.getText(testListPath(file, params));
    }
  }
})();
