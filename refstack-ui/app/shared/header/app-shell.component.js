/**
 * <rs-app-shell>: page chrome (skip link, header, configuration warning,
 * the routed view, footer and notifications).
 */
(function () {
  'use strict';

  angular
    .module('refstack.shared')
    .component('rsAppShell', {
      templateUrl: 'shared/header/app-shell.html',
      controllerAs: 'ctrl',
      controller: AppShellController,
    });

  AppShellController.$inject = ['$document', '$transitions', 'refstackConfig', 'authService'];

  function AppShellController($document, $transitions, refstackConfig, authService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.$onDestroy = onDestroy;
    ctrl.skipToMain = skipToMain;

    var deregister;

    function onInit() {
      ctrl.configError = refstackConfig.configError;
      ctrl.apiUrl = refstackConfig.refstackApiUrl;
      ctrl.auth = authService.state;
      ctrl.year = new Date().getFullYear();
      authService.ready();
      // Move focus to the new page's heading after navigation, for screen readers.
      deregister = $transitions.onSuccess({}, function focusHeading(transition) {
        if (transition.from().name) {
          setTimeout(focusMain, 50);
        }
      });
    }

    function onDestroy() {
      if (deregister) {
        deregister();
      }
    }

    function focusMain() {
      var main = $document[0].getElementById('rs-main');
      var heading = main && main.querySelector('h1');
      var target = heading || main;
      if (target) {
        if (!target.hasAttribute('tabindex')) {
          target.setAttribute('tabindex', '-1');
        }
        target.focus({ preventScroll: true });
      }
    }

    function skipToMain($event) {
      $event.preventDefault();
      focusMain();
    }
  }
})();
