/**
 * <rs-header>: the main navigation bar.
 */
(function () {
  'use strict';

  angular
    .module('refstack.shared')
    .component('rsHeader', {
      templateUrl: 'shared/header/header.html',
      controllerAs: 'ctrl',
      controller: HeaderController,
    });

  HeaderController.$inject = ['$location', '$state', '$transitions', 'authService'];

  function HeaderController($location, $state, $transitions, authService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.$onDestroy = onDestroy;
    ctrl.isActive = isActive;
    ctrl.toggleNav = toggleNav;
    ctrl.signIn = signIn;
    ctrl.signOut = signOut;

    var deregister;

    function onInit() {
      ctrl.auth = authService.state;
      ctrl.signInUrl = authService.signInUrl();
      ctrl.navOpen = false;
      deregister = $transitions.onSuccess({}, function closeNav() {
        ctrl.navOpen = false;
      });
    }

    function onDestroy() {
      if (deregister) {
        deregister();
      }
    }

    /** Active when the current state is `name` or one of the given states. */
    function isActive() {
      for (var i = 0; i < arguments.length; i++) {
        if ($state.current && $state.current.name === arguments[i]) {
          return true;
        }
      }
      return false;
    }

    function toggleNav() {
      ctrl.navOpen = !ctrl.navOpen;
    }

    /** Remember the page the user is on, then follow the sign-in link. */
    function signIn() {
      var path = $location.url();
      if (path && path !== '/' && !/^\/(auth_failure|logout|signin_required)/.test(path)) {
        authService.rememberReturnTo(path);
      }
      return true;
    }

    function signOut($event) {
      $event.preventDefault();
      authService.signOut();
    }
  }
})();
