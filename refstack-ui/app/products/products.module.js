/**
 * refstack.products: product lists (mine / public), distro and cloud pages
 * with versions, linked test runs and a run history chart.
 */
(function () {
  'use strict';

  angular
    .module('refstack.products', ['ui.router', 'refstack.core', 'refstack.shared', 'refstack.guidelines',
      'refstack.results', 'refstack.vendors'])
    .config(productsStates);

  productsStates.$inject = ['$stateProvider'];

  function productIdParam($transition$) {
    return $transition$.params().id;
  }
  productIdParam.$inject = ['$transition$'];

  function productsStates($stateProvider) {
    $stateProvider
      .state({
        name: 'userProducts',
        url: '/user_products',
        component: 'rsProductsList',
        data: { requiresAuth: true },
        resolve: { mine: function mine() { return true; } },
      })
      .state({
        name: 'publicProducts',
        url: '/public_products',
        component: 'rsProductsList',
        resolve: { mine: function mine() { return false; } },
      })
      .state({
        name: 'cloud',
        url: '/cloud/{id}',
        component: 'rsProductDetail',
        resolve: { productId: productIdParam },
      })
      .state({
        name: 'distro',
        url: '/distro/{id}',
        component: 'rsProductDetail',
        resolve: { productId: productIdParam },
      });
  }
})();
