/**
 * <rs-product-runs product versions can-manage>: test runs attached to a
 * product, paged, with metadata editing and "unassociate" for managers.
 */
(function () {
  'use strict';

  angular
    .module('refstack.products')
    .component('rsProductRuns', {
      templateUrl: 'products/product-runs.html',
      controllerAs: 'ctrl',
      bindings: { product: '<', versions: '<', canManage: '<' },
      controller: ProductRunsController,
    });

  ProductRunsController.$inject = ['resultsApi', 'guidelinesApi', 'resultMetaService', 'modalService',
    'confirmService', 'toastService'];

  function ProductRunsController(resultsApi, guidelinesApi, resultMetaService, modalService, confirmService,
    toastService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.goToPage = goToPage;
    ctrl.toggleRow = toggleRow;
    ctrl.isShared = resultMetaService.isShared;
    ctrl.edit = edit;
    ctrl.unassociate = unassociate;

    function onInit() {
      ctrl.page = 1;
      ctrl.expanded = {};
      load();
    }

    function load() {
      ctrl.loading = true;
      ctrl.error = null;
      return resultsApi.list({ page: ctrl.page, productId: ctrl.product.id }).then(function loaded(data) {
        ctrl.runs = (data && data.results) || [];
        ctrl.totalPages = (data && data.pagination && data.pagination.total_pages) || 0;
      }, function failed(error) {
        ctrl.runs = [];
        ctrl.error = error;
      }).finally(function done() {
        ctrl.loading = false;
      });
    }

    function goToPage(page) {
      ctrl.page = page;
      load();
    }

    function toggleRow(run) {
      ctrl.expanded[run.id] = !ctrl.expanded[run.id];
    }

    function edit(run) {
      return guidelinesApi.list().catch(function none() {
        return { powered: [] };
      }).then(function open(index) {
        return modalService.open({
          component: 'rsEditResultModal',
          size: 'lg',
          resolve: { run: run, index: index },
        }).result.then(function saved() {
          toastService.success('Test run updated.');
          return load();
        }, angular.noop);
      });
    }

    function unassociate(run) {
      return confirmService.ask({
        title: 'Unassociate test run',
        message: 'Detach test run ' + run.id + ' from ' + ctrl.product.name + '?',
        confirmText: 'Unassociate',
        danger: true,
      }).then(function confirmed() {
        return resultsApi.update(run.id, { product_version_id: null }).then(function done() {
          toastService.success('Test run detached from the product.');
          return load();
        }, angular.noop);
      }, angular.noop);
    }
  }
})();
