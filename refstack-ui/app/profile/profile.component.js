/**
 * <rs-profile>: user details, public keys (import / view / delete) and how
 * to mint a JWT for API access.
 */
(function () {
  'use strict';

  angular
    .module('refstack.profile')
    .component('rsProfile', {
      templateUrl: 'profile/profile.html',
      controllerAs: 'ctrl',
      controller: ProfileController,
    });

  ProfileController.$inject = ['authService', 'profileApi', 'modalService', 'apiService'];

  function ProfileController(authService, profileApi, modalService, apiService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.loadKeys = loadKeys;
    ctrl.importKey = importKey;
    ctrl.showKey = showKey;

    function onInit() {
      ctrl.auth = authService.state;
      ctrl.apiBase = apiService.absoluteUrl('');
      loadKeys();
    }

    function loadKeys() {
      ctrl.loading = true;
      ctrl.error = null;
      return profileApi.listKeys().then(function loaded(keys) {
        ctrl.keys = keys || [];
      }, function failed(error) {
        ctrl.keys = [];
        ctrl.error = error;
      }).finally(function done() {
        ctrl.loading = false;
      });
    }

    function importKey() {
      return modalService.open({ component: 'rsImportKeyModal', size: 'lg' })
        .result.then(loadKeys, angular.noop);
    }

    function showKey(key) {
      return modalService.open({ component: 'rsViewKeyModal', resolve: { key: key }, size: 'lg' })
        .result.then(loadKeys, angular.noop);
    }
  }
})();
