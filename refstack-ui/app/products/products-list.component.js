/**
 * <rs-products-list mine="bool">: My Products (with the add form) or the
 * public product catalogue.
 */
(function () {
  'use strict';

  angular
    .module('refstack.products')
    .component('rsProductsList', {
      templateUrl: 'products/products-list.html',
      controllerAs: 'ctrl',
      bindings: { mine: '<' },
      controller: ProductsListController,
    });

  ProductsListController.$inject = ['$q', '$state', 'productsApi', 'vendorsApi', 'productModel', 'authService',
    'toastService'];

  function ProductsListController($q, $state, productsApi, vendorsApi, productModel, authService,
    toastService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.refilter = refilter;
    ctrl.add = add;
    ctrl.vendorName = vendorName;
    ctrl.stateFor = productModel.stateFor;
    ctrl.types = productModel.TYPES;

    function onInit() {
      ctrl.auth = authService.state;
      ctrl.showPrivate = false;
      ctrl.vendorsById = {};
      ctrl.form = { name: '', description: '', productType: 0, organizationId: '' };
      load();
    }

    function load() {
      ctrl.loading = true;
      ctrl.error = null;
      return $q.all([productsApi.list(), vendorsApi.list().catch(function none() {
        return [];
      })]).then(function loaded(data) {
        ctrl.all = data[0];
        ctrl.vendorsById = {};
        data[1].forEach(function index(vendor) {
          ctrl.vendorsById[vendor.id] = vendor;
        });
        ctrl.myVendors = data[1].filter(function manageable(vendor) {
          return vendor.can_manage && vendor.type !== 0;
        });
        if (!ctrl.form.organizationId && ctrl.myVendors.length) {
          ctrl.form.organizationId = ctrl.myVendors[0].id;
        }
        refilter();
      }, function failed(error) {
        ctrl.all = [];
        ctrl.products = [];
        ctrl.error = error;
      }).finally(function done() {
        ctrl.loading = false;
      });
    }

    function refilter() {
      ctrl.products = productModel.visible(ctrl.all || [], {
        mine: ctrl.mine,
        isAdmin: ctrl.auth.isAdmin,
        showPrivate: ctrl.showPrivate,
      });
    }

    function vendorName(product) {
      var vendor = ctrl.vendorsById[product.organization_id];
      return vendor ? vendor.name : null;
    }

    function add() {
      ctrl.formError = null;
      var name = (ctrl.form.name || '').trim();
      if (!name) {
        ctrl.formError = 'Please enter the product name.';
        return null;
      }
      var product = {
        name: name,
        description: (ctrl.form.description || '').trim(),
        product_type: Number(ctrl.form.productType),
      };
      if (ctrl.form.organizationId) {
        product.organization_id = ctrl.form.organizationId;
      }
      ctrl.saving = true;
      return productsApi.create(product).then(function created(result) {
        toastService.success('Product "' + name + '" created.');
        ctrl.form.name = '';
        ctrl.form.description = '';
        if (result && result.id) {
          return $state.go(productModel.stateFor(product), { id: result.id });
        }
        return load();
      }, angular.noop).finally(function done() {
        ctrl.saving = false;
      });
    }
  }
})();
