/**
 * <rs-product-detail product-id>: a distro or cloud product with its
 * vendor, versions (cpids), properties, management actions, linked test
 * runs and run history.
 */
(function () {
  'use strict';

  angular
    .module('refstack.products')
    .component('rsProductDetail', {
      templateUrl: 'products/product-detail.html',
      controllerAs: 'ctrl',
      bindings: { productId: '<' },
      controller: ProductDetailController,
    });

  ProductDetailController.$inject = ['$state', 'productsApi', 'vendorsApi', 'productModel', 'vendorModel',
    'authService', 'confirmService', 'modalService', 'toastService'];

  function ProductDetailController($state, productsApi, vendorsApi, productModel, vendorModel, authService,
    confirmService, modalService, toastService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.edit = edit;
    ctrl.remove = remove;
    ctrl.togglePublic = togglePublic;
    ctrl.canChangeVisibility = canChangeVisibility;
    ctrl.openVersion = openVersion;
    ctrl.addVersion = addVersion;

    function onInit() {
      ctrl.auth = authService.state;
      ctrl.newVersion = '';
      ctrl.showAddVersion = false;
      authService.ready().then(load);
    }

    function load() {
      ctrl.loading = true;
      ctrl.error = null;
      return productsApi.get(ctrl.productId).then(function loaded(product) {
        ctrl.product = product;
        ctrl.kind = productModel.stateFor(product) === 'distro' ? 'Distro product' : 'Cloud product';
        ctrl.properties = vendorModel.parseProperties(product.properties);
        ctrl.propertyList = Object.keys(ctrl.properties).sort();
        ctrl.canManage = !!product.can_manage;
        if (productModel.stateFor(product) !== $state.current.name) {
          $state.go(productModel.stateFor(product), { id: product.id }, { location: 'replace' });
        }
        loadVendor();
        return loadVersions();
      }, function failed(error) {
        ctrl.error = error;
      }).finally(function done() {
        ctrl.loading = false;
      });
    }

    function loadVendor() {
      return vendorsApi.get(ctrl.product.organization_id).then(function loaded(vendor) {
        ctrl.vendor = vendor;
      }, function hidden() {
        ctrl.vendor = null;
      });
    }

    function loadVersions() {
      return productsApi.listVersions(ctrl.product.id).then(function loaded(versions) {
        ctrl.versions = versions;
        ctrl.baseVersion = productModel.defaultVersion(versions);
        ctrl.namedVersions = productModel.namedVersions(versions);
      }, function failed(error) {
        ctrl.versionsError = error;
      });
    }

    function canChangeVisibility() {
      if (!ctrl.canManage) {
        return false;
      }
      if (ctrl.product.public) {
        return true;
      }
      return !ctrl.vendor || ctrl.vendor.type === vendorModel.TYPES.FOUNDATION ||
        ctrl.vendor.type === vendorModel.TYPES.OFFICIAL;
    }

    function edit() {
      return modalService.open({
        component: 'rsProductEditModal',
        size: 'lg',
        resolve: { product: ctrl.product, baseVersion: ctrl.baseVersion },
      }).result.then(function saved() {
        toastService.success('Product updated.');
        return load();
      }, angular.noop);
    }

    function remove() {
      return confirmService.ask({
        title: 'Delete product',
        message: 'Delete the product "' + ctrl.product.name + '" and all its versions? This cannot be undone.',
        confirmText: 'Delete product',
        danger: true,
      }).then(function confirmed() {
        return productsApi.remove(ctrl.product.id).then(function deleted() {
          toastService.success('Product deleted.');
          // Back to the list, not the home page (ui.md §5 bug 12).
          $state.go('userProducts');
        }, angular.noop);
      }, angular.noop);
    }

    function togglePublic() {
      var makePublic = !ctrl.product.public;
      return confirmService.ask({
        title: makePublic ? 'Make product public' : 'Make product private',
        message: makePublic ? 'Everyone will see "' + ctrl.product.name + '" in the product catalogue.' :
          'Only the vendor\'s users will see "' + ctrl.product.name + '".',
        confirmText: makePublic ? 'Make public' : 'Make private',
      }).then(function confirmed() {
        return productsApi.update(ctrl.product.id, { public: makePublic }).then(function saved() {
          toastService.success(makePublic ? 'The product is now public.' : 'The product is now private.');
          return load();
        }, angular.noop);
      }, angular.noop);
    }

    function openVersion(version) {
      return modalService.open({
        component: 'rsProductVersionModal',
        resolve: { product: ctrl.product, version: version },
      }).result.then(function changed() {
        return loadVersions();
      }, angular.noop);
    }

    function addVersion() {
      var name = (ctrl.newVersion || '').trim();
      ctrl.versionFormError = null;
      if (!name) {
        ctrl.versionFormError = 'Enter a version name.';
        return null;
      }
      var exists = (ctrl.versions || []).some(function same(v) {
        return v.version === name;
      });
      if (exists) {
        ctrl.versionFormError = 'This product already has a version ' + name + '.';
        return null;
      }
      return productsApi.addVersion(ctrl.product.id, name).then(function added() {
        toastService.success('Version ' + name + ' added.');
        ctrl.newVersion = '';
        ctrl.showAddVersion = false;
        return loadVersions();
      }, angular.noop);
    }
  }
})();
