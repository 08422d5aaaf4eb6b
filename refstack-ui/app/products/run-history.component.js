/**
 * <rs-run-history product versions>: chart of the pass % of required tests
 * of the product's runs over time, per product version, against a chosen
 * guideline and programme.  Loaded on demand (it fetches every run).
 */
(function () {
  'use strict';

  angular
    .module('refstack.products')
    .component('rsRunHistory', {
      templateUrl: 'products/run-history.html',
      controllerAs: 'ctrl',
      bindings: { product: '<', versions: '<' },
      controller: RunHistoryController,
    });

  RunHistoryController.$inject = ['guidelinesApi', 'guidelineModel', 'programsService', 'runHistoryService'];

  function RunHistoryController(guidelinesApi, guidelineModel, programsService, runHistoryService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.onTargetChange = onTargetChange;
    ctrl.show = show;

    // Must match the viewBox in run-history.html.
    var WIDTH = 640;
    var HEIGHT = 240;

    function onInit() {
      ctrl.target = 'platform';
      ctrl.width = WIDTH;
      ctrl.height = HEIGHT;
      guidelinesApi.list().then(function loaded(index) {
        ctrl.index = index;
        ctrl.programs = programsService.list(index);
        onTargetChange();
      }, function failed(error) {
        ctrl.error = error;
      });
    }

    function onTargetChange() {
      ctrl.versionsList = guidelineModel.sortVersions(ctrl.index[programsService.typeOf(ctrl.target)]);
      ctrl.guideline = guidelineModel.pickVersion(ctrl.versionsList, ctrl.guideline && ctrl.guideline.name);
    }

    function show() {
      if (!ctrl.guideline) {
        return null;
      }
      ctrl.loading = true;
      ctrl.error = null;
      ctrl.chart = null;
      var file = ctrl.guideline.file;
      return runHistoryService.load(ctrl.product.id, file, ctrl.target).then(function loaded(points) {
        ctrl.points = points;
        ctrl.chart = points.length ? runHistoryService.layout(points, WIDTH, HEIGHT) : null;
        ctrl.loaded = true;
      }, function failed(error) {
        ctrl.error = error;
      }).finally(function done() {
        ctrl.loading = false;
      });
    }
  }
})();
