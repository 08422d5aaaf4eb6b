/**
 * toastService: short, non-blocking notifications shown in an ARIA live
 * region (replaces the original's modal alert pop-ups).
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .factory('toastService', toastService);

  toastService.$inject = ['$timeout'];

  function toastService($timeout) {
    var nextId = 1;
    var toasts = [];
    var DELAYS = { success: 5000, info: 6000, warning: 10000, danger: 15000 };

    var service = {
      toasts: toasts,
      add: add,
      success: function success(text) { return add('success', text); },
      info: function info(text) { return add('info', text); },
      warning: function warning(text) { return add('warning', text); },
      error: function error(text) { return add('danger', text); },
      dismiss: dismiss,
      clear: clear,
    };
    return service;

    function add(type, text) {
      var toast = { id: nextId++, type: DELAYS[type] ? type : 'info', text: String(text) };
      toasts.push(toast);
      if (toasts.length > 5) {
        toasts.shift();
      }
      toast.timer = $timeout(function expire() {
        dismiss(toast);
      }, DELAYS[toast.type], true);
      return toast;
    }

    function dismiss(toast) {
      var index = toasts.indexOf(toast);
      if (index >= 0) {
        toasts.splice(index, 1);
      }
      if (toast && toast.timer) {
        $timeout.cancel(toast.timer);
      }
    }

    function clear() {
      toasts.slice().forEach(dismiss);
    }
  }
})();
