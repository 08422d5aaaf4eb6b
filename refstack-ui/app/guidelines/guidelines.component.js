/**
 * <rs-guidelines initial="{version, target}">: browse a guideline's
 * capabilities and tests per programme, filter by status, get the test list.
 */
(function () {
  'use strict';

  angular
    .module('refstack.guidelines')
    .component('rsGuidelines', {
      templateUrl: 'guidelines/guidelines.html',
      controllerAs: 'ctrl',
      bindings: { initial: '<' },
      controller: GuidelinesController,
    });

  GuidelinesController.$inject = ['$state', 'guidelinesApi', 'guidelineModel', 'programsService',
    'modalService'];

  function GuidelinesController($state, guidelinesApi, guidelineModel, programsService, modalService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.onTargetChange = onTargetChange;
    ctrl.onVersionChange = onVersionChange;
    ctrl.statusVisible = statusVisible;
    ctrl.selectedStatuses = selectedStatuses;
    ctrl.openTestList = openTestList;
    ctrl.toggle = toggle;
    ctrl.isOpen = isOpen;
    ctrl.countByStatus = countByStatus;

    function onInit() {
      var initial = ctrl.initial || {};
      ctrl.statuses = guidelineModel.STATUSES;
      ctrl.filter = { required: true, advisory: false, deprecated: false, removed: false };
      ctrl.expanded = {};
      ctrl.showCriteria = true;
      ctrl.target = initial.target || 'platform';
      ctrl.programs = programsService.list();
      ctrl.loadingVersions = true;
      guidelinesApi.list().then(function loaded(index) {
        ctrl.index = index;
        ctrl.programs = programsService.list(index);
        if (!ctrl.programs.some(function known(p) { return p.id === ctrl.target; })) {
          ctrl.target = 'platform';
        }
        selectType(initial.version);
      }, function failed(error) {
        ctrl.versionsError = error;
      }).finally(function done() {
        ctrl.loadingVersions = false;
      });
    }

    function selectType(wanted) {
      ctrl.versions = guidelineModel.sortVersions(ctrl.index[programsService.typeOf(ctrl.target)]);
      ctrl.version = guidelineModel.pickVersion(ctrl.versions, wanted || (ctrl.version && ctrl.version.name));
      loadGuideline();
    }

    function onTargetChange() {
      selectType();
    }

    function onVersionChange() {
      loadGuideline();
    }

    function loadGuideline() {
      ctrl.doc = null;
      ctrl.capabilities = [];
      ctrl.guidelineError = null;
      ctrl.targetError = null;
      ctrl.expanded = {};
      if (!ctrl.version) {
        return;
      }
      $state.go('.', { version: ctrl.version.name.replace(/\.json$/, ''), target: ctrl.target },
        { location: 'replace' });
      var file = ctrl.version.file;
      ctrl.loadingGuideline = true;
      guidelinesApi.get(file).then(function loaded(doc) {
        if (!ctrl.version || ctrl.version.file !== file) {
          return;
        }
        ctrl.doc = doc;
        ctrl.schema = guidelineModel.schemaOf(doc);
        ctrl.status = guidelineModel.statusOf(doc);
        ctrl.releases = guidelineModel.releasesOf(doc);
        ctrl.criteria = guidelineModel.criteriaOf(doc);
        try {
          ctrl.capabilities = guidelineModel.capabilitiesFor(doc, ctrl.target);
        } catch (e) {
          ctrl.targetError = e.message;
        }
      }, function failed(error) {
        ctrl.guidelineError = error;
      }).finally(function done() {
        ctrl.loadingGuideline = false;
      });
    }

    function statusVisible(capability) {
      return !!ctrl.filter[capability.status];
    }

    function selectedStatuses() {
      return ctrl.statuses.filter(function checked(status) {
        return ctrl.filter[status];
      });
    }

    function countByStatus(status) {
      return ctrl.capabilities.filter(function match(capability) {
        return capability.status === status;
      }).length;
    }

    function toggle(key) {
      ctrl.expanded[key] = !ctrl.expanded[key];
    }

    function isOpen(key) {
      return !!ctrl.expanded[key];
    }

    function openTestList() {
      return modalService.open({
        component: 'rsTestListModal',
        size: 'lg',
        resolve: {
          file: ctrl.version.file,
          versionName: ctrl.version.name.replace(/\.json$/, ''),
          target: ctrl.target,
          statuses: selectedStatuses(),
        },
      });
    }
  }
})();
