/**
 * <rs-edit-result-modal resolve="{run, index}">: change a run's sharing,
 * guideline, target programme and product association.  The guideline list
 * follows the chosen programme (ui.md §5 bug 6); Save waits for every
 * request before closing (bug 7).
 */
(function () {
  'use strict';

  angular
    .module('refstack.results')
    .component('rsEditResultModal', {
      templateUrl: 'results/edit-result-modal.html',
      controllerAs: 'ctrl',
      bindings: { resolve: '<', close: '&', dismiss: '&' },
      controller: EditResultModalController,
    });

  EditResultModalController.$inject = ['resultMetaService', 'productsApi', 'programsService', 'guidelineModel'];

  function EditResultModalController(resultMetaService, productsApi, programsService, guidelineModel) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.onTargetChange = onTargetChange;
    ctrl.onProductChange = onProductChange;
    ctrl.productChanged = productChanged;
    ctrl.save = save;

    function onInit() {
      ctrl.run = ctrl.resolve.run;
      ctrl.index = ctrl.resolve.index || { powered: [] };
      ctrl.programs = programsService.list(ctrl.index);
      ctrl.before = resultMetaService.editableFrom(ctrl.run);
      ctrl.model = angular.copy(ctrl.before);
      ctrl.products = [];
      ctrl.versions = [];
      onTargetChange(true);
      ctrl.loadingProducts = true;
      resultMetaService.manageableProducts().then(function loaded(products) {
        ctrl.products = products;
        if (ctrl.model.productId) {
          loadVersions(ctrl.model.productId, false);
        }
      }, function failed(error) {
        ctrl.productsError = error;
      }).finally(function done() {
        ctrl.loadingProducts = false;
      });
    }

    function onTargetChange(initial) {
      ctrl.guidelines = guidelineModel.sortVersions(ctrl.index[programsService.typeOf(ctrl.model.target)]);
      var files = ctrl.guidelines.map(function file(g) {
        return g.file;
      });
      if (!initial && ctrl.model.guideline && files.indexOf(ctrl.model.guideline) < 0) {
        // Same version for the new programme type when it exists, else none.
        var name = ctrl.model.guideline.replace(/^[a-z_]+\./, '');
        var match = ctrl.guidelines.filter(function sameName(g) {
          return g.name === name;
        })[0];
        ctrl.model.guideline = match ? match.file : null;
      }
      if (initial && ctrl.model.guideline && files.indexOf(ctrl.model.guideline) < 0) {
        ctrl.guidelines.push({ name: ctrl.model.guideline, file: ctrl.model.guideline });
      }
    }

    function loadVersions(productId, pickDefault) {
      ctrl.versions = [];
      if (!productId) {
        ctrl.model.productVersionId = null;
        return;
      }
      ctrl.loadingVersions = true;
      productsApi.listVersions(productId).then(function loaded(versions) {
        ctrl.versions = versions;
        if (pickDefault) {
          var base = versions.filter(function unnamed(v) {
            return v.version === null || v.version === '';
          })[0] || versions[0];
          ctrl.model.productVersionId = base ? base.id : null;
        }
      }).finally(function done() {
        ctrl.loadingVersions = false;
      });
    }

    function onProductChange() {
      loadVersions(ctrl.model.productId, true);
    }

    function productChanged() {
      return (ctrl.model.productVersionId || null) !== (ctrl.before.productVersionId || null);
    }

    function save() {
      ctrl.saving = true;
      ctrl.error = null;
      resultMetaService.save(ctrl.run.id, ctrl.before, ctrl.model).then(function saved(keys) {
        ctrl.close({ result: keys });
      }, function failed(error) {
        ctrl.error = error;
      }).finally(function done() {
        ctrl.saving = false;
      });
    }
  }
})();
