/*
 * Spec helpers (module refstack.testing):
 *   rsRender(html, scopeValues) -> {element, scope, ctrl(name)}
 *   rsApi(path) -> 'http://api.test/v1' + path
 */
(function () {
  'use strict';

  angular.module('refstack.testing', ['refstack.templates', 'refstack.config'])
    .factory('rsRender', rsRender)
    .constant('rsApi', function rsApi(path) {
      return 'http://api.test/v1' + path;
    })
    .config(['$provide', function stubState($provide) {
      // Components call $state.go('.', params, {location: 'replace'}) to
      // mirror their selections in the URL; specs only record it.
      $provide.decorator('$state', ['$delegate', '$q', function decorate($delegate, $q) {
        $delegate.go = jasmine.createSpy('$state.go').and.returnValue($q.resolve());
        return $delegate;
      }]);
    }]);

  rsRender.$inject = ['$compile', '$rootScope'];

  function rsRender($compile, $rootScope) {
    return function render(html, values) {
      var scope = angular.extend($rootScope.$new(), values || {});
      var element = $compile(html)(scope);
      scope.$digest();
      return {
        element: element,
        scope: scope,
        ctrl: function ctrl(name) {
          return element.controller(name);
        },
      };
    };
  }
})();
