/**
 * <rs-vendor-detail vendor-id>: one vendor with its properties, members,
 * products and registration actions.
 */
(function () {
  'use strict';

  angular
    .module('refstack.vendors')
    .component('rsVendorDetail', {
      templateUrl: 'vendors/vendor-detail.html',
      controllerAs: 'ctrl',
      bindings: { vendorId: '<' },
      controller: VendorDetailController,
    });

  VendorDetailController.$inject = ['$state', 'vendorsApi', 'productsApi', 'vendorModel', 'authService',
    'confirmService', 'modalService', 'toastService'];

  function VendorDetailController($state, vendorsApi, productsApi, vendorModel, authService, confirmService,
    modalService, toastService) {
    var ctrl = this;
    var TYPES = vendorModel.TYPES;
    ctrl.$onInit = onInit;
    ctrl.remove = remove;
    ctrl.edit = edit;
    ctrl.register = register;
    ctrl.cancelRegistration = cancelRegistration;
    ctrl.approve = approve;
    ctrl.deny = deny;
    ctrl.addUser = addUser;
    ctrl.removeUser = removeUser;
    ctrl.icon = vendorModel.icon;
    ctrl.TYPES = TYPES;

    function onInit() {
      ctrl.auth = authService.state;
      ctrl.newUser = '';
      authService.ready().then(load);
    }

    function load() {
      ctrl.loading = true;
      ctrl.error = null;
      return vendorsApi.get(ctrl.vendorId).then(function loaded(vendor) {
        ctrl.vendor = vendor;
        var properties = vendorModel.parseProperties(vendor.properties);
        ctrl.declineReason = properties.registration_decline_reason || null;
        ctrl.properties = Object.keys(properties).filter(function notReason(key) {
          return key !== 'registration_decline_reason';
        }).sort().map(function pair(key) {
          var value = properties[key];
          return { key: key, value: typeof value === 'string' ? value : JSON.stringify(value) };
        });
        // Refined by loadUsers(): admins manage every vendor without being members.
        ctrl.isMember = !!vendor.can_manage && !ctrl.auth.isAdmin;
        ctrl.canManage = !!vendor.can_manage;
        ctrl.canEdit = ctrl.canManage && vendor.type !== TYPES.FOUNDATION;
        loadProducts();
        if (ctrl.canManage) {
          loadUsers();
        }
      }, function failed(error) {
        ctrl.error = error;
      }).finally(function done() {
        ctrl.loading = false;
      });
    }

    function loadUsers() {
      ctrl.usersError = null;
      return vendorsApi.listUsers(ctrl.vendorId).then(function loaded(users) {
        ctrl.users = users;
        ctrl.isMember = users.some(function me(user) {
          return ctrl.auth.user && user.openid === ctrl.auth.user.openid;
        });
      }, function failed(error) {
        ctrl.usersError = error;
      });
    }

    function loadProducts() {
      ctrl.productsError = null;
      return productsApi.list(ctrl.vendorId).then(function loaded(products) {
        ctrl.products = products;
      }, function failed(error) {
        ctrl.products = [];
        ctrl.productsError = error;
      });
    }

    function remove() {
      return confirmService.ask({
        title: 'Delete vendor',
        message: 'Delete the vendor "' + ctrl.vendor.name + '" and all its products? This cannot be undone.',
        confirmText: 'Delete vendor',
        danger: true,
      }).then(function confirmed() {
        return vendorsApi.remove(ctrl.vendor.id).then(function deleted() {
          toastService.success('Vendor deleted.');
          // Back to the list, not the home page (ui.md §5 bug 12).
          $state.go('userVendors');
        }, angular.noop);
      }, angular.noop);
    }

    function edit() {
      return modalService.open({
        component: 'rsVendorEditModal',
        size: 'lg',
        resolve: { vendor: ctrl.vendor, isAdmin: ctrl.auth.isAdmin },
      }).result.then(function saved() {
        toastService.success('Vendor updated.');
        return load();
      }, angular.noop);
    }

    function act(name, reason, message) {
      return vendorsApi.action(ctrl.vendor.id, name, reason).then(function done() {
        toastService.success(message);
        return load();
      }, angular.noop);
    }

    function register() {
      return confirmService.ask({
        title: 'Register with the Foundation',
        message: 'Ask the OpenStack Foundation to make "' + ctrl.vendor.name + '" an official vendor?',
        confirmText: 'Register',
      }).then(function confirmed() {
        return act('register', null, 'Registration requested. The Foundation will review it.');
      }, angular.noop);
    }

    function cancelRegistration() {
      return act('cancel', null, 'Registration request cancelled.');
    }

    function approve() {
      return confirmService.ask({
        title: 'Approve registration',
        message: 'Make "' + ctrl.vendor.name + '" an official vendor?',
        confirmText: 'Approve',
      }).then(function confirmed() {
        return act('approve', null, 'Vendor approved.');
      }, angular.noop);
    }

    function deny() {
      return confirmService.ask({
        title: 'Decline registration',
        message: 'Decline the registration of "' + ctrl.vendor.name + '"? The vendor becomes private again.',
        reasonLabel: 'Reason (shown to the vendor)',
        confirmText: 'Decline',
        danger: true,
      }).then(function confirmed(reason) {
        return act('deny', reason, 'Registration declined.');
      }, angular.noop);
    }

    function addUser() {
      var openid = (ctrl.newUser || '').trim();
      ctrl.userFormError = null;
      if (!/^https?:\/\/\S+$/i.test(openid)) {
        ctrl.userFormError = 'Enter the OpenID URL of the user, e.g. https://openstackid.org/jane.doe';
        return null;
      }
      return vendorsApi.addUser(ctrl.vendor.id, openid).then(function added() {
        toastService.success('User added to the vendor.');
        ctrl.newUser = '';
        return loadUsers();
      }, angular.noop);
    }

    function removeUser(user) {
      return confirmService.ask({
        title: 'Remove user',
        message: 'Remove ' + (user.fullname || user.openid) + ' from this vendor?',
        confirmText: 'Remove',
        danger: true,
      }).then(function confirmed() {
        return vendorsApi.removeUser(ctrl.vendor.id, user.openid).then(function removed() {
          toastService.success('User removed.');
          return loadUsers();
        }, angular.noop);
      }, angular.noop);
    }
  }
})();
