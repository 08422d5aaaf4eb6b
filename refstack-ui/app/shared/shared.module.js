/**
 * refstack.shared: app-agnostic widgets (modal, confirm, pagination,
 * dropdown, loading/error states), display filters and the page chrome.
 */
(function () {
  'use strict';

  angular.module('refstack.shared', ['ui.router', 'refstack.core']);
})();
