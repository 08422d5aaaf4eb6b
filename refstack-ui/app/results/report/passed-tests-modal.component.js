/**
 * <rs-passed-tests-modal resolve="{names}">: every passed test of a run.
 */
(function () {
  'use strict';

  angular
    .module('refstack.results')
    .component('rsPassedTestsModal', {
      templateUrl: 'results/report/passed-tests-modal.html',
      controllerAs: 'ctrl',
      bindings: { resolve: '<', close: '&', dismiss: '&' },
      controller: PassedTestsModalController,
    });

  function PassedTestsModalController() {
    var ctrl = this;
    ctrl.$onInit = function onInit() {
      ctrl.names = (ctrl.resolve.names || []).slice().sort();
      ctrl.text = ctrl.names.join('\n');
    };
  }
})();
