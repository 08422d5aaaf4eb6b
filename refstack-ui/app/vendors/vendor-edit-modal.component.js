/**
 * <rs-vendor-edit-modal resolve="{vendor, isAdmin}">: name, description and
 * properties of a vendor.  Official vendors' names are read-only except
 * for Foundation admins.
 */
(function () {
  'use strict';

  angular
    .module('refstack.vendors')
    .component('rsVendorEditModal', {
      templateUrl: 'vendors/vendor-edit-modal.html',
      controllerAs: 'ctrl',
      bindings: { resolve: '<', close: '&', dismiss: '&' },
      controller: VendorEditModalController,
    });

  VendorEditModalController.$inject = ['vendorsApi', 'vendorModel', 'propertiesService'];

  function VendorEditModalController(vendorsApi, vendorModel, propertiesService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.save = save;

    function onInit() {
      var vendor = ctrl.resolve.vendor;
      ctrl.vendor = vendor;
      ctrl.nameLocked = vendor.type === vendorModel.TYPES.OFFICIAL && !ctrl.resolve.isAdmin;
      ctrl.original = vendorModel.parseProperties(vendor.properties);
      ctrl.model = {
        name: vendor.name,
        description: vendor.description || '',
        properties: propertiesService.toPairs(ctrl.original, ['registration_decline_reason']),
      };
    }

    function save() {
      ctrl.error = null;
      var name = (ctrl.model.name || '').trim();
      if (!name) {
        ctrl.error = { message: 'The name must not be empty.' };
        return null;
      }
      var properties = propertiesService.toObject(ctrl.model.properties);
      if (ctrl.original.registration_decline_reason) {
        properties.registration_decline_reason = ctrl.original.registration_decline_reason;
      }
      var changes = { description: ctrl.model.description, properties: properties };
      if (name !== ctrl.vendor.name) {
        changes.name = name;
      }
      ctrl.saving = true;
      return vendorsApi.update(ctrl.vendor.id, changes).then(function saved(vendor) {
        ctrl.close({ result: vendor });
      }, function failed(error) {
        ctrl.error = error;
      }).finally(function done() {
        ctrl.saving = false;
      });
    }
  }
})();
