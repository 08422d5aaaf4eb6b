/**
 * <rs-test-list-modal resolve="{file, versionName, target, statuses}">:
 * the refstack-client test list for the selected guideline, programme and
 * statuses, with alias / flagged toggles, a wget hint and a download link.
 */
(function () {
  'use strict';

  angular
    .module('refstack.guidelines')
    .component('rsTestListModal', {
      templateUrl: 'guidelines/test-list-modal.html',
      controllerAs: 'ctrl',
      bindings: { resolve: '<', close: '&', dismiss: '&' },
      controller: TestListModalController,
    });

  TestListModalController.$inject = ['guidelinesApi', 'programsService'];

  function TestListModalController(guidelinesApi, programsService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.refresh = refresh;

    function onInit() {
      ctrl.file = ctrl.resolve.file;
      ctrl.versionName = ctrl.resolve.versionName;
      ctrl.target = ctrl.resolve.target;
      ctrl.targetName = programsService.name(ctrl.target);
      ctrl.statuses = ctrl.resolve.statuses || [];
      ctrl.aliases = true;
      ctrl.flagged = false;
      ctrl.fileName = ctrl.versionName + '-test-list.txt';
      refresh();
    }

    function params() {
      return { target: ctrl.target, types: ctrl.statuses, alias: ctrl.aliases, flag: ctrl.flagged };
    }

    function refresh() {
      ctrl.text = '';
      ctrl.count = 0;
      ctrl.error = null;
      if (!ctrl.statuses.length) {
        return;
      }
      ctrl.url = guidelinesApi.testListUrl(ctrl.file, params());
      ctrl.loading = true;
      guidelinesApi.testList(ctrl.file, params()).then(function loaded(text) {
        ctrl.text = text || '';
        ctrl.count = ctrl.text ? ctrl.text.split('\n').filter(Boolean).length : 0;
      }, function failed(error) {
        ctrl.error = error;
      }).finally(function done() {
        ctrl.loading = false;
      });
    }
  }
})();
