/**
 * <rs-report-capabilities report="...">: the "Capability overview": a test
 * filter (All / Passed / Not passed / Flagged) and one collapsible group per
 * status, each listing capabilities with their tests.
 */
(function () {
  'use strict';

  angular
    .module('refstack.results')
    .component('rsReportCapabilities', {
      templateUrl: 'results/report/report-capabilities.html',
      controllerAs: 'ctrl',
      bindings: { report: '<' },
      controller: ReportCapabilitiesController,
    });

  var FILTERS = [
    { id: 'all', label: 'All' },
    { id: 'passed', label: 'Passed' },
    { id: 'notPassed', label: 'Not passed' },
    { id: 'flagged', label: 'Flagged' },
  ];

  function ReportCapabilitiesController() {
    var ctrl = this;
    ctrl.filters = FILTERS;
    ctrl.filter = 'all';
    ctrl.statusOrder = ['required', 'advisory', 'deprecated', 'removed'];
    ctrl.$onChanges = onChanges;
    ctrl.toggleGroup = toggleGroup;
    ctrl.toggleCap = toggleCap;
    ctrl.toggleAliases = toggleAliases;
    ctrl.testMatches = testMatches;
    ctrl.matchingTests = matchingTests;
    ctrl.capVisible = capVisible;
    ctrl.groupMatchCount = groupMatchCount;
    ctrl.badgeClass = badgeClass;

    function onChanges() {
      ctrl.groups = ctrl.statusOrder.map(function group(status) {
        return ctrl.report.statuses[status];
      });
      ctrl.open = { required: true };
      ctrl.openCaps = {};
      ctrl.openAliases = {};
    }

    function toggleGroup(status) {
      ctrl.open[status] = !ctrl.open[status];
    }

    function toggleCap(key) {
      ctrl.openCaps[key] = !ctrl.openCaps[key];
    }

    function toggleAliases(key) {
      ctrl.openAliases[key] = !ctrl.openAliases[key];
    }

    function testMatches(test) {
      switch (ctrl.filter) {
        case 'passed':
          return test.passed;
        case 'notPassed':
          return !test.passed;
        case 'flagged':
          return test.flagged;
        default:
          return true;
      }
    }

    function matchingTests(cap) {
      return cap.tests.filter(testMatches);
    }

    function capVisible(cap) {
      return ctrl.filter === 'all' || matchingTests(cap).length > 0;
    }

    function groupMatchCount(group) {
      return group.capabilities.reduce(function sum(total, cap) {
        return total + matchingTests(cap).length;
      }, 0);
    }

    function badgeClass(cap) {
      var total = cap.tests.length;
      var passed = cap.passedTests.length;
      if (ctrl.filter !== 'all') {
        return 'text-bg-secondary';
      }
      if (total && passed === total) {
        return 'rs-count-all';
      }
      return passed ? 'rs-count-some' : 'rs-count-none';
    }
  }
})();
