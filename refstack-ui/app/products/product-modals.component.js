/**
 * Product dialogs:
 *  <rs-product-edit-modal resolve="{product, baseVersion}">: name,
 *    description, properties and the default version's cpid.
 *  <rs-product-version-modal resolve="{product, version}">: change a
 *    version's cpid or delete it.
 */
(function () {
  'use strict';

  angular
    .module('refstack.products')
    .component('rsProductEditModal', {
      templateUrl: 'products/product-edit-modal.html',
      controllerAs: 'ctrl',
      bindings: { resolve: '<', close: '&', dismiss: '&' },
      controller: ProductEditModalController,
    })
    .component('rsProductVersionModal', {
      templateUrl: 'products/product-version-modal.html',
      controllerAs: 'ctrl',
      bindings: { resolve: '<', close: '&', dismiss: '&' },
      controller: ProductVersionModalController,
    });

  ProductEditModalController.$inject = ['$q', 'productsApi', 'vendorModel', 'propertiesService'];

  function ProductEditModalController($q, productsApi, vendorModel, propertiesService) {
    var ctrl = this;
    ctrl.$onInit = function onInit() {
      var product = ctrl.resolve.product;
      ctrl.product = product;
      ctrl.baseVersion = ctrl.resolve.baseVersion;
      ctrl.model = {
        name: product.name,
        description: product.description || '',
        properties: propertiesService.toPairs(vendorModel.parseProperties(product.properties)),
        cpid: ctrl.baseVersion ? ctrl.baseVersion.cpid || '' : '',
      };
    };
    ctrl.save = function save() {
      ctrl.error = null;
      var name = (ctrl.model.name || '').trim();
      if (!name) {
        ctrl.error = { message: 'The name must not be empty.' };
        return null;
      }
      ctrl.saving = true;
      return productsApi.update(ctrl.product.id, {
        name: name,
        description: ctrl.model.description,
        properties: propertiesService.toObject(ctrl.model.properties),
      }).then(function updateCpid() {
        var cpid = (ctrl.model.cpid || '').trim();
        if (ctrl.baseVersion && cpid !== (ctrl.baseVersion.cpid || '')) {
          return productsApi.updateVersion(ctrl.product.id, ctrl.baseVersion.id, cpid || null);
        }
        return null;
      }).then(function saved() {
        ctrl.close({ result: true });
      }, function failed(error) {
        ctrl.error = error;
        return $q.resolve();
      }).finally(function done() {
        ctrl.saving = false;
      });
    };
  }

  ProductVersionModalController.$inject = ['productsApi', 'confirmService', 'toastService'];

  function ProductVersionModalController(productsApi, confirmService, toastService) {
    var ctrl = this;
    ctrl.$onInit = function onInit() {
      ctrl.product = ctrl.resolve.product;
      ctrl.version = ctrl.resolve.version;
      ctrl.cpid = ctrl.version.cpid || '';
    };
    ctrl.save = function save() {
      ctrl.error = null;
      ctrl.saving = true;
      return productsApi.updateVersion(ctrl.product.id, ctrl.version.id, (ctrl.cpid || '').trim() || null)
        .then(function saved() {
          toastService.success('Version ' + ctrl.version.version + ' updated.');
          ctrl.close({ result: 'saved' });
        }, function failed(error) {
          ctrl.error = error;
        }).finally(function done() {
          ctrl.saving = false;
        });
    };
    ctrl.remove = function remove() {
      return confirmService.ask({
        title: 'Delete version',
        message: 'Delete version ' + ctrl.version.version + ' of ' + ctrl.product.name + '?',
        confirmText: 'Delete version',
        danger: true,
      }).then(function confirmed() {
        return productsApi.removeVersion(ctrl.product.id, ctrl.version.id).then(function deleted() {
          toastService.success('Version deleted.');
          ctrl.close({ result: 'deleted' });
        }, function failed(error) {
          ctrl.error = error;
        });
      }, angular.noop);
    };
  }
})();
