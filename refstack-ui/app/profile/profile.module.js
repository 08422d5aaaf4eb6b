/**
 * refstack.profile: the signed-in user's details, signing keys and the
 * API-token how-to.
 */
(function () {
  'use strict';

  angular
    .module('refstack.profile', ['ui.router', 'refstack.core', 'refstack.shared'])
    .config(profileStates);

  profileStates.$inject = ['$stateProvider'];

  function profileStates($stateProvider) {
    $stateProvider.state({
      name: 'profile',
      url: '/profile',
      component: 'rsProfile',
      data: { requiresAuth: true },
    });
  }
})();
