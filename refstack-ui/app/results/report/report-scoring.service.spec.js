describe('reportScoring (ui.md §2.5.1)', function () {
  'use strict';

  var scoring;
  var fx;

  beforeEach(module('refstack.results', 'refstack.fixtures', 'refstack.config'));
  beforeEach(inject(function (reportScoring, guidelineFixtures) {
    scoring = reportScoring;
    fx = angular.copy(guidelineFixtures);
  }));

  it('scores schema 1.2 by exact name with the flagged array', function () {
    var report = scoring.score(fx.v12, 'platform', ['t.a1', 't.b1', 't.o1']);
    var req = report.statuses.required;
    expect(req.count).toBe(5);
    expect(req.passedCount).toBe(3);
    expect(req.flagFailCount).toBe(1);
    expect(req.passPercent).toBe(60);
    // non-flagged: 4 tests, failed non-flagged = (2 - 1) = 1 -> 3/4
    expect(req.totalNonFlagCount).toBe(4);
    expect(req.nonFlagPassCount).toBe(3);
    expect(req.nonFlagPassPercent).toBe(75);
    expect(report.compliant).toBe(false);
    expect(report.missingRequired).toEqual(['t.o2']);
    expect(report.statuses.advisory.count).toBe(1);
  });

  it('counts aliases as passes and ignores idempotent ids', function () {
    var report = scoring.score(fx.v15, 'compute', ['t.x1', 't.x2.old', 'id-4']);
    var cap = report.statuses.required.capabilities.filter(function (c) { return c.id === 'cap-x'; })[0];
    expect(cap.passedTests).toEqual(['t.x1', 't.x2']);
    expect(cap.notPassedTests).toEqual(['t.x3', 't.x4']);
    expect(cap.notPassedFlagged).toEqual(['t.x3']);
    expect(cap.tests[1].matchedBy).toBe('alias');
    expect(report.statuses.required.passPercent).toBe(50);
    expect(report.compliant).toBe(false);
  });

  it('is compliant when only flagged required tests fail', function () {
    var report = scoring.score(fx.v15, 'compute', ['t.x1', 't.x2', 't.x4']);
    var req = report.required;
    expect(req.passPercent).toBe(75);
    expect(req.nonFlagPassPercent).toBe(100);
    expect(report.compliant).toBe(true);
    expect(report.statuses.required.capabilities[0].id).toBe('cap-missing');
    expect(report.statuses.required.capabilities[0].tests).toEqual([]);
  });

  it('counts a test shared by two capabilities twice (schema 2.0)', function () {
    fx.v20.capabilities.s1.tests['c1.t1'] = { idempotent_id: 'id-a' };
    var report = scoring.score(fx.v20, 'platform', ['c1.t1']);
    expect(report.statuses.required.count).toBe(5);
    expect(report.statuses.required.passedCount).toBe(2);
  });

  it('returns null percentages instead of NaN when nothing is required', function () {
    fx.dns.components.os_powered_dns.capabilities = { required: [], advisory: ['dns-zone'] };
    var report = scoring.score(fx.dns, 'dns', []);
    expect(report.required.passPercent).toBeNull();
    expect(report.required.nonFlagPassPercent).toBeNull();
    expect(report.hasRequiredTests).toBe(false);
  });

  it('orders passed tests first inside a capability', function () {
    var report = scoring.score(fx.v20, 'compute', ['c1.t2']);
    var c1 = report.statuses.required.capabilities[0];
    expect(c1.tests.map(function (t) { return t.name; })).toEqual(['c1.t2', 'c1.t1']);
  });

  it('refuses unsupported schemas', function () {
    expect(function () { scoring.score({ schema: '9.9' }, 'platform', []); }).toThrowError(/not supported/);
  });
});
