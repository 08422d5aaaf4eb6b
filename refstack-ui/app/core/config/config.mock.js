/* Test double for the `refstack.config` module normally created by boot.js. */
(function () {
  'use strict';

  angular.module('refstack.config', [])
    .constant('refstackConfig', { refstackApiUrl: 'http://api.test/v1', configError: null });
})();
