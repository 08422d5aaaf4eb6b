/**
 * authService: who is signed in.  The session is a server cookie; GET
 * /profile answers 200 with {openid, email, fullname, is_admin} for a
 * signed-in user and 401 for anyone else.  `ready()` resolves once the first
 * check has finished, so pages that need a user can wait for it instead of
 * racing it (ui.md §5 bug 1).
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .factory('authService', authService);

  authService.$inject = ['$location', '$window', 'apiService'];

  var RETURN_KEY = 'refstack.returnTo';

  function authService($location, $window, apiService) {
    var pending = null;
    var state = {
      checked: false,
      isAuthenticated: false,
      isAdmin: false,
      user: null,
      error: null,
    };

    var service = {
      state: state,
      ready: ready,
      refresh: refresh,
      signInUrl: signInUrl,
      signOutUrl: signOutUrl,
      signIn: signIn,
      signOut: signOut,
      rememberReturnTo: rememberReturnTo,
      takeReturnTo: takeReturnTo,
    };
    return service;

    /** Resolve with `state` after the first sign-check (never rejects). */
    function ready() {
      return pending || refresh();
    }

    /** Re-run the sign-check (GET /profile). */
    function refresh() {
      pending = apiService.get('/profile').then(function signedIn(profile) {
        state.user = profile;
        state.isAuthenticated = true;
        state.isAdmin = profile.is_admin === true;
        state.error = null;
        restoreReturnTo();
      }, function anonymous(error) {
        state.user = null;
        state.isAuthenticated = false;
        state.isAdmin = false;
        // 401 just means "not signed in"; anything else is worth showing.
        state.error = error.status === 401 ? null : error;
      }).then(function done() {
        state.checked = true;
        return state;
      });
      return pending;
    }

    function signInUrl() {
      return apiService.url('/auth/signin');
    }

    function signOutUrl() {
      return apiService.url('/auth/signout');
    }

    function signIn() {
      $window.location.assign(signInUrl());
    }

    function signOut() {
      state.user = null;
      state.isAuthenticated = false;
      state.isAdmin = false;
      $window.location.assign(signOutUrl());
    }

    /** Remember a deep link so it can be restored after the sign-in round trip. */
    function rememberReturnTo(hashPath) {
      try {
        $window.sessionStorage.setItem(RETURN_KEY, hashPath);
      } catch (e) {
        // Storage may be disabled; the user then lands on the home page.
      }
    }

    /**
     * After the sign-in round trip the server sends the browser to the UI
     * root: go back to the deep link the user asked for before signing in.
     */
    function restoreReturnTo() {
      var returnTo = takeReturnTo();
      var path = $location.path();
      if (returnTo && (path === '/' || path === '')) {
        $location.url(returnTo);
      }
    }

    function takeReturnTo() {
      try {
        var value = $window.sessionStorage.getItem(RETURN_KEY);
        $window.sessionStorage.removeItem(RETURN_KEY);
        return value && /^\/[\w\-/]*(\?[^<>"]*)?$/.test(value) ? value : null;
      } catch (e) {
        return null;
      }
    }
  }
})();
