/**
 * reportService.build(run, doc, file, target): the report model for a run.
 *
 * It asks the server first (GET /results/{id}/report?guideline=&target=)
 * and uses that verdict when it answers 200 with a usable body; otherwise
 * (older server, 404/405/5xx, unexpected shape) it scores in the browser
 * with reportScoring.  Switching entirely to the endpoint means deleting
 * the fallback in `build`.
 */
(function () {
  'use strict';

  angular
    .module('refstack.results')
    .factory('reportService', reportService);

  reportService.$inject = ['$q', 'resultsApi', 'reportScoring', 'guidelineModel'];

  function reportService($q, resultsApi, reportScoring, guidelineModel) {
    var service = {
      build: build,
      scoreLocally: scoreLocally,
      fromServer: fromServer,
    };
    return service;

    function build(run, doc, file, target) {
      return resultsApi.report(run.id, file, target).then(function serverReport(data) {
        var report = fromServer(data, doc, target);
        return report || scoreLocally(run, doc, target);
      }, function noEndpoint() {
        return scoreLocally(run, doc, target);
      });
    }

    function scoreLocally(run, doc, target) {
      try {
        return $q.resolve(reportScoring.score(doc, target, run.results || []));
      } catch (e) {
        return $q.reject({ status: 0, message: e.message });
      }
    }

    function list(value) {
      return Array.isArray(value) ? value : [];
    }

    function pick(object, names) {
      for (var i = 0; i < names.length; i++) {
        if (object[names[i]] !== undefined) {
          return object[names[i]];
        }
      }
      return undefined;
    }

    /**
     * Capabilities of a server report as one list.  Accepts the server's
     * `statuses: {<status>: {capabilities: [...]}}`, or `capabilities` as a
     * list or as `{<status>: [...]}`.
     */
    function serverCapabilities(data) {
      var flat = [];
      if (data.statuses && typeof data.statuses === 'object') {
        Object.keys(data.statuses).forEach(function eachStatus(status) {
          var group = data.statuses[status] || {};
          list(group.capabilities).forEach(function tag(cap) {
            flat.push(angular.extend({ status: status }, cap));
          });
        });
        return flat;
      }
      var caps = data.capabilities;
      if (Array.isArray(caps)) {
        return caps;
      }
      if (caps && typeof caps === 'object') {
        Object.keys(caps).forEach(function eachStatus(status) {
          list(caps[status]).forEach(function tag(cap) {
            flat.push(angular.extend({ status: status }, cap));
          });
        });
        return flat;
      }
      return null;
    }

    /** Tests of a server capability that lists them as objects. */
    function serverTests(cap, known) {
      return cap.tests.filter(function valid(t) {
        return t && typeof t.name === 'string';
      }).map(function adapt(t) {
        var info = known[t.name] || {};
        return {
          name: t.name,
          passed: t.passed === true,
          flagged: !!t.flagged,
          flagReason: t.flag && t.flag.reason || info.flagReason || null,
          aliases: Array.isArray(t.aliases) ? t.aliases : info.aliases || [],
          idempotentId: t.idempotent_id || info.idempotentId || null,
          matchedBy: t.matched_by || null,
          matchedName: t.matched_name || null,
        };
      });
    }

    /**
     * Adapt the server's report to the same model reportScoring produces.
     * Server body (see README.rst): {compliant, statuses: {<status>:
     * {capabilities: [{id, status, description, defined, tests: [{name,
     * passed, flagged, flag, aliases, idempotent_id, matched_by,
     * matched_name}]}]}}, missing_required, with_id_matches}.  A flat
     * variant with name lists (passed / not_passed / flagged /
     * passed_by_id) is accepted too.  Returns null when the body is not usable.
     */
    function fromServer(data, doc, target) {
      if (!data || typeof data !== 'object') {
        return null;
      }
      var caps = serverCapabilities(data);
      if (!caps) {
        return null;
      }
      var details = {};
      try {
        guidelineModel.capabilitiesFor(doc, target).forEach(function index(cap) {
          details[cap.id] = cap;
        });
      } catch (e) {
        details = {};
      }
      var capabilities = caps.filter(function valid(cap) {
        return cap && typeof cap.id === 'string' && guidelineModel.STATUSES.indexOf(cap.status) >= 0;
      }).map(function adapt(cap) {
        var known = details[cap.id] || { tests: [] };
        var byName = {};
        known.tests.forEach(function indexTest(test) {
          byName[test.name] = test;
        });
        if (Array.isArray(cap.tests)) {
          return reportScoring.buildCapability({
            id: cap.id,
            status: cap.status,
            description: cap.description || known.description || '',
            missing: cap.defined === false || !!known.missing,
          }, serverTests(cap, byName));
        }
        var flagged = list(pick(cap, ['flagged', 'flagged_tests']));
        var byId = list(pick(cap, ['passed_by_id', 'passedById']));
        var passed = list(pick(cap, ['passed', 'passed_tests', 'passedTests']));
        var notPassed = list(pick(cap, ['not_passed', 'not_passed_tests', 'notPassedTests']));
        var flaggedSet = flagged.concat(list(cap.passedFlagged), list(cap.notPassedFlagged));
        function test(name, ok) {
          var info = byName[name] || {};
          return {
            name: name,
            passed: ok,
            flagged: flaggedSet.indexOf(name) >= 0 || !!info.flagged,
            flagReason: info.flagReason || null,
            aliases: info.aliases || [],
            idempotentId: info.idempotentId || null,
            matchedBy: ok ? (byId.indexOf(name) >= 0 ? 'id' : 'name') : null,
          };
        }
        var tests = passed.map(function p(name) {
          return test(name, true);
        }).concat(notPassed.map(function n(name) {
          return test(name, false);
        }));
        return reportScoring.buildCapability({
          id: cap.id,
          status: cap.status,
          description: cap.description || known.description || '',
          missing: known.missing,
        }, tests);
      });
      var report = reportScoring.summarise(capabilities, {
        schema: data.schema || guidelineModel.schemaOf(doc),
        target: data.target || target,
        source: 'server',
      });
      if (typeof data.compliant === 'boolean') {
        report.compliant = data.compliant;
      }
      if (Array.isArray(data.missing_required)) {
        report.missingRequired = data.missing_required;
      }
      var byId = data.with_id_matches;
      if (byId && typeof byId === 'object' && typeof byId.passed === 'number' &&
          byId.passed !== report.required.passedCount) {
        // Tests renamed between Tempest versions but passed under the same id.
        report.idMatches = {
          passPercent: byId.pass_percent,
          nonFlagPassPercent: byId.non_flag_pass_percent,
          compliant: byId.compliant === true,
        };
      }
      return report;
    }
  }
})();
