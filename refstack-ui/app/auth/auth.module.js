/**
 * refstack.auth: sign-in failure, sign-out and sign-in-required pages.
 */
(function () {
  'use strict';

  angular
    .module('refstack.auth', ['ui.router', 'refstack.core', 'refstack.shared'])
    .config(authStates);

  authStates.$inject = ['$stateProvider'];

  function authStates($stateProvider) {
    $stateProvider
      .state({
        name: 'authFailure',
        url: '/auth_failure?message',
        component: 'rsAuthFailure',
        resolve: {
          message: ['$transition$', function messageParam($transition$) {
            return $transition$.params().message;
          }],
        },
      })
      .state({
        name: 'logout',
        url: '/logout?openid_logout',
        component: 'rsLogout',
        resolve: {
          idpLogoutUrl: ['$transition$', function logoutParam($transition$) {
            return $transition$.params().openid_logout;
          }],
        },
      })
      .state({
        name: 'signinRequired',
        url: '/signin_required?returnTo',
        component: 'rsSigninRequired',
        resolve: {
          returnTo: ['$transition$', function returnToParam($transition$) {
            return $transition$.params().returnTo;
          }],
        },
      });
  }
})();
