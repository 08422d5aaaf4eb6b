/**
 * <rs-pagination page="ctrl.page" total-pages="ctrl.totalPages"
 *                on-change="ctrl.go(page)" label="Results pages">
 * First / previous / up to five page buttons / next / last.
 */
(function () {
  'use strict';

  angular
    .module('refstack.shared')
    .component('rsPagination', {
      templateUrl: 'shared/pagination/pagination.html',
      controllerAs: 'ctrl',
      bindings: { page: '<', totalPages: '<', onChange: '&', label: '@' },
      controller: PaginationController,
    });

  var WINDOW = 5;

  function PaginationController() {
    var ctrl = this;
    ctrl.$onChanges = onChanges;
    ctrl.select = select;

    function onChanges() {
      var total = Math.max(0, ctrl.totalPages || 0);
      var current = Math.min(Math.max(1, ctrl.page || 1), Math.max(1, total));
      var start = Math.max(1, current - Math.floor(WINDOW / 2));
      var end = Math.min(total, start + WINDOW - 1);
      start = Math.max(1, end - WINDOW + 1);
      ctrl.current = current;
      ctrl.total = total;
      ctrl.pages = [];
      for (var page = start; page <= end; page++) {
        ctrl.pages.push(page);
      }
    }

    function select(page) {
      if (page < 1 || page > ctrl.total || page === ctrl.current) {
        return;
      }
      ctrl.onChange({ page: page });
    }
  }
})();
