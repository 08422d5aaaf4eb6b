/**
 * Auth pages:
 *  <rs-auth-failure message>: the sign-in failure reason, shown as text only.
 *  <rs-logout idp-logout-url>: signed-out confirmation (no timers, no image tricks).
 *  <rs-signin-required return-to>: shown instead of a members-only page.
 */
(function () {
  'use strict';

  angular
    .module('refstack.auth')
    .component('rsAuthFailure', {
      templateUrl: 'auth/auth-failure.html',
      controllerAs: 'ctrl',
      bindings: { message: '<' },
      controller: AuthFailureController,
    })
    .component('rsLogout', {
      templateUrl: 'auth/logout.html',
      controllerAs: 'ctrl',
      bindings: { idpLogoutUrl: '<' },
      controller: LogoutController,
    })
    .component('rsSigninRequired', {
      templateUrl: 'auth/signin-required.html',
      controllerAs: 'ctrl',
      bindings: { returnTo: '<' },
      controller: SigninRequiredController,
    });

  AuthFailureController.$inject = ['authService'];

  function AuthFailureController(authService) {
    var ctrl = this;
    ctrl.$onInit = function onInit() {
      var text = typeof ctrl.message === 'string' ? ctrl.message : '';
      // Plain text, bounded length; bound with ng-bind so it is never HTML.
      ctrl.text = text.length > 300 ? text.slice(0, 300) + '…' : text;
      ctrl.signInUrl = authService.signInUrl();
    };
  }

  LogoutController.$inject = ['authService'];

  function LogoutController(authService) {
    var ctrl = this;
    ctrl.$onInit = function onInit() {
      authService.refresh();
      ctrl.auth = authService.state;
      ctrl.signInUrl = authService.signInUrl();
      var url = typeof ctrl.idpLogoutUrl === 'string' ? ctrl.idpLogoutUrl : '';
      ctrl.idpUrl = /^https?:\/\//i.test(url) ? url : null;
    };
  }

  SigninRequiredController.$inject = ['authService'];

  function SigninRequiredController(authService) {
    var ctrl = this;
    ctrl.$onInit = function onInit() {
      ctrl.signInUrl = authService.signInUrl();
    };
    ctrl.signIn = function signIn() {
      if (ctrl.returnTo) {
        authService.rememberReturnTo(ctrl.returnTo);
      }
      return true;
    };
  }
})();
