/**
 * reportScoring: client-side scoring of a run against a guideline and
 * programme, exactly as ui.md §2.5.1 describes:
 *  - a guideline test passes when its name, or one of its aliases, is among
 *    the run's passed test names (idempotent ids are not used);
 *  - per status: count, passedCount, flagPassCount, flagFailCount (a test in
 *    two capabilities counts twice);
 *  - required: pass % = passed/count, non-flagged pass % =
 *    (count - flagged - (failed - flaggedFailed)) / (count - flagged);
 *  - compliant iff every non-flagged required test passed.
 * `summarise` is shared with the server-report adapter.
 */
(function () {
  'use strict';

  angular
    .module('refstack.results')
    .factory('reportScoring', reportScoring);

  reportScoring.$inject = ['guidelineModel'];

  function reportScoring(guidelineModel) {
    var service = {
      score: score,
      summarise: summarise,
      buildCapability: buildCapability,
    };
    return service;

    /**
     * @param doc guideline document
     * @param target programme id
     * @param passedNames the run's passed test names
     * @returns report model (see summarise)
     */
    function score(doc, target, passedNames) {
      var schema = guidelineModel.schemaOf(doc);
      if (!guidelineModel.isSupportedSchema(schema)) {
        throw new Error('Guideline schema version ' + schema + ' is not supported');
      }
      var passed = {};
      (passedNames || []).forEach(function mark(name) {
        passed[name] = true;
      });
      var capabilities = guidelineModel.capabilitiesFor(doc, target).map(function scoreCapability(cap) {
        var tests = cap.tests.map(function scoreTest(test) {
          var byName = passed[test.name] === true;
          var byAlias = !byName && test.aliases.some(function aliasPassed(alias) {
            return passed[alias] === true;
          });
          return angular.extend({}, test, {
            passed: byName || byAlias,
            matchedBy: byName ? 'name' : byAlias ? 'alias' : null,
          });
        });
        return buildCapability(cap, tests);
      });
      return summarise(capabilities, { schema: schema, target: target, source: 'client' });
    }

    /** Capability entry with the four name lists of the original. */
    function buildCapability(cap, tests) {
      var entry = {
        id: cap.id,
        status: cap.status,
        description: cap.description || '',
        missing: !!cap.missing,
        tests: tests,
        passedTests: [],
        notPassedTests: [],
        passedFlagged: [],
        notPassedFlagged: [],
      };
      tests.forEach(function classify(test) {
        if (test.passed) {
          entry.passedTests.push(test.name);
          if (test.flagged) {
            entry.passedFlagged.push(test.name);
          }
        } else {
          entry.notPassedTests.push(test.name);
          if (test.flagged) {
            entry.notPassedFlagged.push(test.name);
          }
        }
      });
      // Passed tests first, then the others (each group in guideline order).
      entry.tests = tests.filter(isPassed).concat(tests.filter(function notPassed(t) {
        return !t.passed;
      }));
      return entry;
    }

    function isPassed(test) {
      return test.passed;
    }

    /** Aggregate capability entries into the report model. */
    function summarise(capabilities, extra) {
      var statuses = {};
      guidelineModel.STATUSES.forEach(function init(status) {
        statuses[status] = {
          status: status,
          capabilities: [],
          count: 0,
          passedCount: 0,
          flagPassCount: 0,
          flagFailCount: 0,
        };
      });
      capabilities.forEach(function accumulate(cap) {
        var group = statuses[cap.status];
        if (!group) {
          return;
        }
        group.capabilities.push(cap);
        group.count += cap.passedTests.length + cap.notPassedTests.length;
        group.passedCount += cap.passedTests.length;
        group.flagPassCount += cap.passedFlagged.length;
        group.flagFailCount += cap.notPassedFlagged.length;
      });
      Object.keys(statuses).forEach(function percentages(status) {
        var group = statuses[status];
        group.capabilities.sort(function byId(a, b) {
          return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
        });
        group.failedCount = group.count - group.passedCount;
        group.totalNonFlagCount = group.count - (group.flagPassCount + group.flagFailCount);
        group.nonFlagPassCount = group.totalNonFlagCount - (group.failedCount - group.flagFailCount);
        // null rather than NaN when there is nothing to count (ui.md §5 bug 8).
        group.passPercent = group.count ? group.passedCount * 100 / group.count : null;
        group.nonFlagPassPercent = group.totalNonFlagCount ?
          group.nonFlagPassCount * 100 / group.totalNonFlagCount : null;
      });
      var required = statuses.required;
      var report = angular.extend({
        statuses: statuses,
        required: required,
        compliant: required.nonFlagPassCount === required.totalNonFlagCount,
        hasRequiredTests: required.count > 0,
        missingRequired: [],
      }, extra);
      required.capabilities.forEach(function missing(cap) {
        cap.tests.forEach(function each(test) {
          if (!test.passed && !test.flagged) {
            report.missingRequired.push(test.name);
          }
        });
      });
      return report;
    }
  }
})();
