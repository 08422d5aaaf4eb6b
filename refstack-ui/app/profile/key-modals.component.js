/**
 * Key dialogs:
 *  <rs-import-key-modal>: paste an OpenSSH public key and its self-signature.
 *  <rs-view-key-modal resolve="{key}">: show the full key; delete it.
 */
(function () {
  'use strict';

  angular
    .module('refstack.profile')
    .component('rsImportKeyModal', {
      templateUrl: 'profile/import-key-modal.html',
      controllerAs: 'ctrl',
      bindings: { resolve: '<', close: '&', dismiss: '&' },
      controller: ImportKeyModalController,
    })
    .component('rsViewKeyModal', {
      templateUrl: 'profile/view-key-modal.html',
      controllerAs: 'ctrl',
      bindings: { resolve: '<', close: '&', dismiss: '&' },
      controller: ViewKeyModalController,
    });

  var KEY_FORMATS = /^(ssh-rsa|ssh-ed25519|ssh-dss|pgp-sign-rsa|pgp-sign-dss)\s+\S+/;

  ImportKeyModalController.$inject = ['profileApi', 'toastService'];

  function ImportKeyModalController(profileApi, toastService) {
    var ctrl = this;
    ctrl.$onInit = function onInit() {
      ctrl.rawKey = '';
      ctrl.signature = '';
    };
    ctrl.validate = validate;
    ctrl.save = save;

    function validate() {
      var key = (ctrl.rawKey || '').trim();
      var signature = (ctrl.signature || '').trim();
      if (!KEY_FORMATS.test(key)) {
        return 'The public key must be an OpenSSH public key line starting with ssh-rsa or ssh-ed25519.';
      }
      if (!/^[0-9a-fA-F]+$/.test(signature)) {
        return 'The signature must be the hexadecimal output of "refstack-client sign".';
      }
      return null;
    }

    function save() {
      ctrl.error = null;
      ctrl.validationError = validate();
      if (ctrl.validationError) {
        return;
      }
      ctrl.saving = true;
      profileApi.addKey(ctrl.rawKey, ctrl.signature).then(function saved() {
        toastService.success('Public key imported.');
        ctrl.close({ result: true });
      }, function failed(error) {
        ctrl.error = error;
      }).finally(function done() {
        ctrl.saving = false;
      });
    }
  }

  ViewKeyModalController.$inject = ['profileApi', 'confirmService', 'toastService'];

  function ViewKeyModalController(profileApi, confirmService, toastService) {
    var ctrl = this;
    ctrl.$onInit = function onInit() {
      ctrl.key = ctrl.resolve.key;
    };
    ctrl.remove = function remove() {
      return confirmService.ask({
        title: 'Delete public key',
        message: 'Delete this key? Test runs uploaded with it stay yours, but you can no longer sign uploads ' +
          'or API tokens with it.',
        confirmText: 'Delete key',
        danger: true,
      }).then(function confirmed() {
        return profileApi.deleteKey(ctrl.key.id).then(function deleted() {
          toastService.success('Public key deleted.');
          ctrl.close({ result: true });
        }, angular.noop);
      }, angular.noop);
    };
  }
})();
