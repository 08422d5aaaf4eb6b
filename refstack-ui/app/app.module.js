/**
 * Root module of the RefStack UI.  Feature modules register their own
 * states; this module only wires them together and sets global routing.
 */
(function () {
  'use strict';

  angular
    .module('refstack', [
      'ui.router',
      'refstack.config',
      'refstack.templates',
      'refstack.core',
      'refstack.shared',
      'refstack.home',
      'refstack.about',
      'refstack.auth',
      'refstack.guidelines',
      'refstack.results',
      'refstack.profile',
      'refstack.vendors',
      'refstack.products',
    ])
    .config(routingConfig);

  routingConfig.$inject = ['$locationProvider', '$urlRouterProvider', '$compileProvider'];

  function routingConfig($locationProvider, $urlRouterProvider, $compileProvider) {
    // Keep the original's "/#/path" URLs: the API redirects to /#/auth_failure,
    // /#/logout and upload responses link to /#/results/<id>.
    $locationProvider.hashPrefix('');
    $urlRouterProvider.otherwise('/');
    $compileProvider.debugInfoEnabled(false);
    $compileProvider.commentDirectivesEnabled(false);
  }
})();
