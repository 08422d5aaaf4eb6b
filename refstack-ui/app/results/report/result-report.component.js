/**
 * <rs-result-report test-id initial="{guideline, target}">: one test run
 * scored against a guideline and programme, with owner / Foundation actions.
 */
(function () {
  'use strict';

  angular
    .module('refstack.results')
    .component('rsResultReport', {
      templateUrl: 'results/report/result-report.html',
      controllerAs: 'ctrl',
      bindings: { testId: '<', initial: '<' },
      controller: ResultReportController,
    });

  ResultReportController.$inject = ['$state', '$window', 'resultsApi', 'guidelinesApi', 'guidelineModel',
    'programsService', 'reportService', 'resultMetaService', 'modalService', 'confirmService',
    'toastService', 'authService'];

  function ResultReportController($state, $window, resultsApi, guidelinesApi, guidelineModel,
    programsService, reportService, resultMetaService, modalService, confirmService, toastService,
    authService) {
    var ctrl = this;
    ctrl.$onInit = onInit;
    ctrl.onTargetChange = onTargetChange;
    ctrl.onVersionChange = onVersionChange;
    ctrl.showPassedTests = showPassedTests;
    ctrl.edit = edit;
    ctrl.remove = remove;
    ctrl.toggleVerified = toggleVerified;
    ctrl.canVerify = canVerify;
    ctrl.download = download;
    ctrl.productLabel = resultMetaService.productLabel;

    function onInit() {
      ctrl.auth = authService.state;
      ctrl.programs = programsService.list();
      loadRun(true);
    }

    function loadRun(first) {
      ctrl.loadingRun = true;
      ctrl.runError = null;
      return resultsApi.get(ctrl.testId).then(function loaded(run) {
        ctrl.run = run;
        ctrl.meta = run.meta || {};
        ctrl.shared = resultMetaService.isShared(ctrl.meta);
        ctrl.isOwner = run.user_role === 'owner' || run.user_role === 'foundation';
        ctrl.isFoundation = run.user_role === 'foundation';
        ctrl.verified = run.verification_status === 1;
        if (first) {
          return loadIndex();
        }
        return null;
      }, function failed(error) {
        ctrl.runError = error;
      }).finally(function done() {
        ctrl.loadingRun = false;
      });
    }

    function loadIndex() {
      var initial = ctrl.initial || {};
      return guidelinesApi.list().then(function loaded(index) {
        ctrl.index = index;
        ctrl.programs = programsService.list(index);
        var wanted = initial.target || ctrl.meta.target;
        ctrl.target = ctrl.programs.some(function known(p) { return p.id === wanted; }) ? wanted : 'platform';
        selectVersions(initial.guideline || ctrl.meta.guideline);
      }, function failed(error) {
        ctrl.guidelineError = error;
      });
    }

    function selectVersions(wanted) {
      ctrl.versions = guidelineModel.sortVersions(ctrl.index[programsService.typeOf(ctrl.target)]);
      var wantedName = wanted ? String(wanted).replace(/^[a-z_]+\.(?=\d{4}\.|next)/, '') : null;
      ctrl.version = guidelineModel.pickVersion(ctrl.versions, wantedName ||
        (ctrl.version && ctrl.version.name));
      return score();
    }

    function onTargetChange() {
      return selectVersions();
    }

    function onVersionChange() {
      return score();
    }

    function score() {
      ctrl.report = null;
      ctrl.reportError = null;
      ctrl.guidelineError = null;
      if (!ctrl.version) {
        return null;
      }
      var file = ctrl.version.file;
      var target = ctrl.target;
      $state.go('.', { guideline: ctrl.version.name.replace(/\.json$/, ''), target: target },
        { location: 'replace' });
      ctrl.scoring = true;
      return guidelinesApi.get(file).then(function loaded(doc) {
        ctrl.doc = doc;
        ctrl.status = guidelineModel.statusOf(doc);
        ctrl.releases = guidelineModel.releasesOf(doc);
        return reportService.build(ctrl.run, doc, file, target).then(function built(report) {
          if (ctrl.version && ctrl.version.file === file && ctrl.target === target) {
            ctrl.report = report;
          }
        }, function failed(error) {
          ctrl.reportError = error;
        });
      }, function failed(error) {
        ctrl.guidelineError = error;
      }).finally(function done() {
        ctrl.scoring = false;
      });
    }

    function showPassedTests() {
      return modalService.open({
        component: 'rsPassedTestsModal',
        size: 'lg',
        resolve: { names: ctrl.run.results || [] },
      });
    }

    function edit() {
      return modalService.open({
        component: 'rsEditResultModal',
        size: 'lg',
        resolve: { run: ctrl.run, index: ctrl.index || { powered: [] } },
      }).result.then(function saved() {
        toastService.success('Test run updated.');
        return loadRun(false);
      }, angular.noop);
    }

    function remove() {
      return confirmService.ask({
        title: 'Delete test run',
        message: 'Delete this test run and all its results? This cannot be undone.',
        confirmText: 'Delete',
        danger: true,
      }).then(function confirmed() {
        return resultsApi.remove(ctrl.run.id).then(function deleted() {
          toastService.success('Test run deleted.');
          $state.go(ctrl.auth.isAuthenticated ? 'userResults' : 'communityResults');
        }, angular.noop);
      }, angular.noop);
    }

    function canVerify() {
      return ctrl.shared && !!ctrl.meta.guideline && !!ctrl.meta.target;
    }

    function toggleVerified() {
      var wanted = ctrl.verified ? 1 : 0;
      ctrl.savingVerified = true;
      return resultsApi.update(ctrl.run.id, { verification_status: wanted }).then(function saved() {
        toastService.success(wanted ? 'Test run marked as verified.' : 'Verification removed.');
        return loadRun(false);
      }, function failed() {
        ctrl.verified = !ctrl.verified;
      }).finally(function done() {
        ctrl.savingVerified = false;
      });
    }

    /** Save the scored report as JSON (ui.md §5 bug 8: no export). */
    function download() {
      var report = ctrl.report;
      var data = {
        test_run: ctrl.run.id,
        guideline: ctrl.version.file,
        target: ctrl.target,
        compliant: report.compliant,
        scored_by: report.source,
        statuses: {},
      };
      Object.keys(report.statuses).forEach(function each(status) {
        var group = report.statuses[status];
        data.statuses[status] = {
          tests: group.count,
          passed: group.passedCount,
          flagged_passed: group.flagPassCount,
          flagged_failed: group.flagFailCount,
          capabilities: group.capabilities.map(function cap(c) {
            return { id: c.id, passed: c.passedTests, not_passed: c.notPassedTests,
              flagged: c.passedFlagged.concat(c.notPassedFlagged) };
          }),
        };
      });
      var blob = new $window.Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      var link = $window.document.createElement('a');
      link.href = $window.URL.createObjectURL(blob);
      link.download = 'refstack-report-' + ctrl.run.id + '-' + ctrl.version.name.replace(/\.json$/, '') +
        '-' + ctrl.target + '.json';
      $window.document.body.appendChild(link);
      link.click();
      link.remove();
    }
  }
})();
