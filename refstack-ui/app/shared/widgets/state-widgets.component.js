/**
 * Loading / error state widgets.
 *   <rs-loading when="ctrl.loading" text="Loading results"></rs-loading>
 *   <rs-error-alert error="ctrl.error" prefix="Could not load results"></rs-error-alert>
 */
(function () {
  'use strict';

  angular
    .module('refstack.shared')
    .component('rsLoading', {
      template: '<div class="rs-loading d-flex align-items-center text-muted my-3" role="status" ' +
        'ng-if="ctrl.when">' +
        '<span class="spinner-border spinner-border-sm me-2" aria-hidden="true"></span>' +
        '<span ng-bind="(ctrl.text || \'Loading\') + \'…\'"></span></div>',
      bindings: { when: '<', text: '@' },
      controllerAs: 'ctrl',
    })
    .component('rsErrorAlert', {
      template: '<div class="alert alert-danger d-flex align-items-start" role="alert" ng-if="ctrl.error">' +
        '<i class="bi bi-exclamation-octagon-fill me-2" aria-hidden="true"></i>' +
        '<div><strong ng-bind="ctrl.prefix || \'Something went wrong\'"></strong>' +
        '<span ng-if="ctrl.error.message">: <span ng-bind="ctrl.error.message"></span></span>' +
        '<div class="small mt-1" ng-if="ctrl.error.status === 401 || ctrl.error.status === 403">' +
        'You may need to sign in, or you do not have access to this item.</div></div></div>',
      bindings: { error: '<', prefix: '@' },
      controllerAs: 'ctrl',
    });
})();
