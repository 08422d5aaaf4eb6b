/**
 * <rs-confirm-modal>: body of confirmService dialogs.
 */
(function () {
  'use strict';

  angular
    .module('refstack.shared')
    .component('rsConfirmModal', {
      templateUrl: 'shared/modal/confirm-modal.html',
      controllerAs: 'ctrl',
      bindings: { resolve: '<', close: '&', dismiss: '&' },
      controller: ConfirmModalController,
    });

  function ConfirmModalController() {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.confirm = confirm;

    function onInit() {
      ctrl.options = ctrl.resolve.options || {};
      ctrl.reason = '';
    }

    function confirm() {
      if (ctrl.options.reasonLabel) {
        if (!ctrl.reason.trim()) {
          ctrl.reasonError = 'Please enter a reason.';
          return;
        }
        ctrl.close({ result: ctrl.reason.trim() });
      } else {
        ctrl.close({ result: true });
      }
    }
  }
})();
