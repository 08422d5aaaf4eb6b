/**
 * Route guard: states with `data: {requiresAuth: true}` wait for the first
 * sign-check before deciding, so a reload of a deep link keeps a signed-in
 * user on the page (ui.md §5 bug 1).  Anonymous users are sent to the
 * sign-in-required page, which offers a sign-in link and remembers where
 * they wanted to go.
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .run(authGuard);

  authGuard.$inject = ['$transitions', 'authService'];

  function authGuard($transitions, authService) {
    $transitions.onBefore({ to: requiresAuth }, function checkAuth(transition) {
      return authService.ready().then(function decide(state) {
        if (state.isAuthenticated) {
          return true;
        }
        var target = transition.targetState();
        var href = transition.router.stateService.href(target.name(), target.params());
        return transition.router.stateService.target('signinRequired', {
          returnTo: href ? href.replace(/^#!?/, '') : null,
        });
      });
    });
  }

  function requiresAuth(state) {
    return !!(state.data && state.data.requiresAuth);
  }
})();
