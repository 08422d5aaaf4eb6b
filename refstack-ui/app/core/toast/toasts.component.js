/**
 * <rs-toasts>: renders toastService's notifications in a polite live region.
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .component('rsToasts', {
      templateUrl: 'core/toast/toasts.html',
      controllerAs: 'ctrl',
      controller: ToastsController,
    });

  ToastsController.$inject = ['toastService'];

  function ToastsController(toastService) {
    var ctrl = this;
    ctrl.toasts = toastService.toasts;
    ctrl.dismiss = toastService.dismiss;
    ctrl.icon = icon;

    function icon(type) {
      return {
        success: 'bi-check-circle-fill',
        danger: 'bi-exclamation-octagon-fill',
        warning: 'bi-exclamation-triangle-fill',
      }[type] || 'bi-info-circle-fill';
    }
  }
})();
