/**
 * refstack.results: community results, my results and the result report.
 */
(function () {
  'use strict';

  angular
    .module('refstack.results', ['ui.router', 'refstack.core', 'refstack.shared', 'refstack.guidelines'])
    .config(resultsStates);

  resultsStates.$inject = ['$stateProvider'];

  var LIST_PARAMS = {
    page: { value: null, dynamic: true, type: 'int' },
    start: { value: null, dynamic: true },
    end: { value: null, dynamic: true },
    cpid: { value: null, dynamic: true },
    verified: { value: null, dynamic: true },
  };

  function resultsStates($stateProvider) {
    $stateProvider
      .state({
        name: 'communityResults',
        url: '/community_results?page&start&end&cpid&verified',
        params: LIST_PARAMS,
        component: 'rsResultsList',
        resolve: {
          mine: function mine() {
            return false;
          },
          initial: ['$transition$', function initialParams($transition$) {
            return $transition$.params();
          }],
        },
      })
      .state({
        name: 'userResults',
        url: '/user_results?page&start&end&verified',
        params: LIST_PARAMS,
        component: 'rsResultsList',
        data: { requiresAuth: true },
        resolve: {
          mine: function mine() {
            return true;
          },
          initial: ['$transition$', function initialParams($transition$) {
            return $transition$.params();
          }],
        },
      })
      .state({
        name: 'resultsDetail',
        url: '/results/{testID}?guideline&target',
        params: {
          guideline: { value: null, dynamic: true },
          target: { value: null, dynamic: true },
        },
        component: 'rsResultReport',
        resolve: {
          testId: ['$transition$', function testIdParam($transition$) {
            return $transition$.params().testID;
          }],
          initial: ['$transition$', function initialParams($transition$) {
            return $transition$.params();
          }],
        },
      });
  }
})();
