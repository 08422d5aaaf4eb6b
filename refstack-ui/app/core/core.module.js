/**
 * refstack.core: the API wrapper, per-resource API services, the session
 * (auth) service, notifications and programme metadata.
 */
(function () {
  'use strict';

  angular
    .module('refstack.core', ['ui.router', 'refstack.config'])
    .config(httpConfig);

  httpConfig.$inject = ['$httpProvider', 'refstackConfig'];

  function httpConfig($httpProvider, refstackConfig) {
    // The server uses AngularJS's own XSRF convention: cookie XSRF-TOKEN echoed
    // as header X-XSRF-TOKEN.  These are the defaults; set them explicitly so
    // nobody changes them by accident.
    $httpProvider.defaults.xsrfCookieName = 'XSRF-TOKEN';
    $httpProvider.defaults.xsrfHeaderName = 'X-XSRF-TOKEN';
    var origin = absoluteOrigin(refstackConfig.refstackApiUrl);
    if (origin) {
      // A cross-origin API must still get the XSRF header.
      $httpProvider.xsrfTrustedOrigins.push(origin);
    }
  }

  function absoluteOrigin(url) {
    var match = /^(https?:\/\/[^/]+)/i.exec(url || '');
    if (!match || match[1].toLowerCase() === window.location.origin.toLowerCase()) {
      return null;
    }
    return match[1];
  }
})();
