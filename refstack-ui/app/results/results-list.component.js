/**
 * <rs-results-list mine="bool" initial="{page, start, end, cpid, verified}">:
 * community results (public and shared runs) or the signed-in user's runs,
 * with date / cloud id / verification filters and paging.  Filters and page
 * live in the URL so they survive reloads and can be shared.
 */
(function () {
  'use strict';

  angular
    .module('refstack.results')
    .component('rsResultsList', {
      templateUrl: 'results/results-list.html',
      controllerAs: 'ctrl',
      bindings: { mine: '<', initial: '<' },
      controller: ResultsListController,
    });

  ResultsListController.$inject = ['$state', 'resultsApi', 'vendorsApi', 'guidelinesApi',
    'resultMetaService', 'modalService', 'authService'];

  function ResultsListController($state, resultsApi, vendorsApi, guidelinesApi, resultMetaService,
    modalService, authService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.applyFilters = applyFilters;
    ctrl.clearFilters = clearFilters;
    ctrl.goToPage = goToPage;
    ctrl.toggleRow = toggleRow;
    ctrl.isExpanded = isExpanded;
    ctrl.vendorName = vendorName;
    ctrl.productLabel = resultMetaService.productLabel;
    ctrl.isShared = resultMetaService.isShared;
    ctrl.editRun = editRun;

    function onInit() {
      var initial = ctrl.initial || {};
      ctrl.auth = authService.state;
      ctrl.filters = {
        start: validDate(initial.start),
        end: validDate(initial.end),
        cpid: initial.cpid || '',
        verified: initial.verified === '0' || initial.verified === '1' ? initial.verified : '',
      };
      ctrl.form = toForm(ctrl.filters);
      ctrl.page = initial.page > 0 ? initial.page : 1;
      ctrl.expanded = {};
      ctrl.vendors = {};
      vendorsApi.list().then(function indexVendors(vendors) {
        vendors.forEach(function add(vendor) {
          ctrl.vendors[vendor.id] = vendor.name;
        });
      }, angular.noop);
      load();
    }

    function validDate(value) {
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
    }

    function toForm(filters) {
      return {
        start: filters.start ? new Date(filters.start + 'T00:00:00') : null,
        end: filters.end ? new Date(filters.end + 'T00:00:00') : null,
        cpid: filters.cpid,
        verified: filters.verified,
      };
    }

    function isoDate(date) {
      if (!(date instanceof Date) || isNaN(date.getTime())) {
        return '';
      }
      var month = String(date.getMonth() + 1).padStart(2, '0');
      var day = String(date.getDate()).padStart(2, '0');
      return date.getFullYear() + '-' + month + '-' + day;
    }

    function applyFilters() {
      var start = isoDate(ctrl.form.start);
      var end = isoDate(ctrl.form.end);
      ctrl.filterError = null;
      if (start && end && start > end) {
        ctrl.filterError = 'The start date must not be after the end date.';
        return;
      }
      ctrl.filters = {
        start: start,
        end: end,
        cpid: (ctrl.form.cpid || '').trim(),
        verified: ctrl.form.verified || '',
      };
      ctrl.page = 1;
      load();
    }

    function clearFilters() {
      ctrl.filters = { start: '', end: '', cpid: '', verified: '' };
      ctrl.form = toForm(ctrl.filters);
      ctrl.filterError = null;
      ctrl.page = 1;
      load();
    }

    function goToPage(page) {
      ctrl.page = page;
      load();
    }

    function syncUrl() {
      $state.go('.', {
        page: ctrl.page > 1 ? ctrl.page : null,
        start: ctrl.filters.start || null,
        end: ctrl.filters.end || null,
        cpid: ctrl.mine ? undefined : ctrl.filters.cpid || null,
        verified: ctrl.filters.verified || null,
      }, { location: 'replace' });
    }

    function load() {
      syncUrl();
      ctrl.loading = true;
      ctrl.error = null;
      ctrl.expanded = {};
      return resultsApi.list({
        page: ctrl.page,
        startDate: ctrl.filters.start,
        endDate: ctrl.filters.end,
        cpid: ctrl.mine ? null : ctrl.filters.cpid,
        verified: ctrl.filters.verified,
        signed: ctrl.mine,
      }).then(function loaded(data) {
        ctrl.results = (data && data.results) || [];
        var pagination = (data && data.pagination) || {};
        ctrl.page = pagination.current_page || ctrl.page;
        ctrl.totalPages = pagination.total_pages || 0;
      }, function failed(error) {
        ctrl.results = [];
        ctrl.totalPages = 0;
        ctrl.error = error;
      }).finally(function done() {
        ctrl.loading = false;
      });
    }

    function toggleRow(run) {
      ctrl.expanded[run.id] = !ctrl.expanded[run.id];
    }

    function isExpanded(run) {
      return !!ctrl.expanded[run.id];
    }

    function vendorName(run) {
      var version = run.product_version;
      var orgId = version && version.product_info && version.product_info.organization_id;
      return orgId ? ctrl.vendors[orgId] || null : null;
    }

    function editRun(run) {
      return guidelinesApi.list().catch(function noIndex() {
        return { powered: [] };
      }).then(function open(index) {
        return modalService.open({
          component: 'rsEditResultModal',
          size: 'lg',
          resolve: { run: run, index: index },
        }).result.then(load, angular.noop);
      });
    }
  }
})();
