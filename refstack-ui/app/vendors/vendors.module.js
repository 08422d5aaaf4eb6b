/**
 * refstack.vendors: vendor lists (mine / public), vendor page with members,
 * products and the Foundation registration workflow.
 */
(function () {
  'use strict';

  angular
    .module('refstack.vendors', ['ui.router', 'refstack.core', 'refstack.shared'])
    .config(vendorsStates);

  vendorsStates.$inject = ['$stateProvider'];

  function vendorsStates($stateProvider) {
    $stateProvider
      .state({
        name: 'userVendors',
        url: '/user_vendors',
        component: 'rsVendorsList',
        data: { requiresAuth: true },
        resolve: { mine: function mine() { return true; } },
      })
      .state({
        name: 'publicVendors',
        url: '/public_vendors',
        component: 'rsVendorsList',
        resolve: { mine: function mine() { return false; } },
      })
      .state({
        name: 'vendor',
        url: '/vendor/{vendorID}',
        component: 'rsVendorDetail',
        resolve: {
          vendorId: ['$transition$', function vendorIdParam($transition$) {
            return $transition$.params().vendorID;
          }],
        },
      });
  }
})();
