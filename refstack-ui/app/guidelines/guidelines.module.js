/**
 * refstack.guidelines: the guideline browser, the test-list dialog and the
 * guideline document model shared with the result report.
 */
(function () {
  'use strict';

  angular
    .module('refstack.guidelines', ['ui.router', 'refstack.core', 'refstack.shared'])
    .config(guidelinesStates);

  guidelinesStates.$inject = ['$stateProvider'];

  function guidelinesStates($stateProvider) {
    $stateProvider.state({
      name: 'guidelines',
      url: '/guidelines?version&target',
      params: {
        version: { value: null, dynamic: true },
        target: { value: null, dynamic: true },
      },
      component: 'rsGuidelines',
      resolve: {
        initial: ['$transition$', function initialParams($transition$) {
          return $transition$.params();
        }],
      },
    });
  }
})();
