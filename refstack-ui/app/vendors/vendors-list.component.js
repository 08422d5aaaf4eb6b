/**
 * <rs-vendors-list mine="bool">: My Vendors (with the add form) or the
 * public vendor catalogue.
 */
(function () {
  'use strict';

  angular
    .module('refstack.vendors')
    .component('rsVendorsList', {
      templateUrl: 'vendors/vendors-list.html',
      controllerAs: 'ctrl',
      bindings: { mine: '<' },
      controller: VendorsListController,
    });

  VendorsListController.$inject = ['vendorsApi', 'vendorModel', 'authService', 'toastService'];

  function VendorsListController(vendorsApi, vendorModel, authService, toastService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.refilter = refilter;
    ctrl.add = add;
    ctrl.icon = vendorModel.icon;

    function onInit() {
      ctrl.auth = authService.state;
      ctrl.showPrivate = false;
      ctrl.form = { name: '', description: '' };
      load();
    }

    function load() {
      ctrl.loading = true;
      ctrl.error = null;
      return vendorsApi.list().then(function loaded(vendors) {
        ctrl.all = vendors;
        refilter();
      }, function failed(error) {
        ctrl.all = [];
        ctrl.vendors = [];
        ctrl.error = error;
      }).finally(function done() {
        ctrl.loading = false;
      });
    }

    function refilter() {
      ctrl.vendors = vendorModel.visible(ctrl.all || [], {
        mine: ctrl.mine,
        isAdmin: ctrl.auth.isAdmin,
        showPrivate: ctrl.showPrivate,
      });
    }

    function add() {
      ctrl.formError = null;
      var name = (ctrl.form.name || '').trim();
      if (!name) {
        ctrl.formError = 'Please enter the vendor name.';
        return null;
      }
      ctrl.saving = true;
      return vendorsApi.create(name, (ctrl.form.description || '').trim()).then(function created() {
        toastService.success('Vendor "' + name + '" created. It is private until the Foundation approves it.');
        ctrl.form = { name: '', description: '' };
        return load();
      }, angular.noop).finally(function done() {
        ctrl.saving = false;
      });
    }
  }
})();
