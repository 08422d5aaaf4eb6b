describe('reportService', function () {
  'use strict';

  var $httpBackend;
  var service;
  var fx;
  var run;

  beforeEach(module('refstack.results', 'refstack.fixtures', 'refstack.config'));
  beforeEach(inject(function (_$httpBackend_, reportService, guidelineFixtures) {
    $httpBackend = _$httpBackend_;
    service = reportService;
    fx = angular.copy(guidelineFixtures);
    run = { id: 'run-1', results: ['t.x1', 't.x2', 't.x4'] };
  }));

  afterEach(function () {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
  });

  var URL = 'http://api.test/v1/results/run-1/report?guideline=2016.01.json&target=compute';

  [404, 405, 500, 0].forEach(function (status) {
    it('falls back to client-side scoring when the endpoint answers ' + status, function () {
      $httpBackend.expectGET(URL).respond(status, { title: 'nope' });
      var report;
      service.build(run, fx.v15, '2016.01.json', 'compute').then(function (r) { report = r; });
      $httpBackend.flush();
      expect(report.source).toBe('client');
      expect(report.compliant).toBe(true);
    });
  });

  it('uses the server verdict when the endpoint answers 200', function () {
    $httpBackend.expectGET(URL).respond(200, {
      guideline: '2016.01.json',
      target: 'compute',
      compliant: false,
      capabilities: [
        { id: 'cap-x', status: 'required', passed: ['t.x1', 't.x4'], not_passed: ['t.x2', 't.x3'], flagged: ['t.x3'], passed_by_id: ['t.x4'] },
        { id: 'cap-y', status: 'advisory', passed: [], not_passed: ['t.y1'], flagged: [] },
        { id: 'bogus', status: 'unknown' },
      ],
      missing_required: ['t.x2'],
    });
    var report;
    service.build(run, fx.v15, '2016.01.json', 'compute').then(function (r) { report = r; });
    $httpBackend.flush();
    expect(report.source).toBe('server');
    expect(report.compliant).toBe(false);
    expect(report.required.count).toBe(4);
    expect(report.required.passedCount).toBe(2);
    expect(report.required.flagFailCount).toBe(1);
    expect(report.missingRequired).toEqual(['t.x2']);
    var cap = report.statuses.required.capabilities[0];
    expect(cap.tests[1].matchedBy).toBe('id');
    expect(cap.tests[2].aliases).toEqual(['t.x2.old']);
    expect(cap.tests[3].flagReason).toBe('D401 buggy');
  });

  it('adapts the RefStack server report (statuses with test objects)', function () {
    var report = service.fromServer({
      compliant: false,
      missing_required: ['t.x4'],
      with_id_matches: { passed: 3, pass_percent: 75, non_flag_pass_percent: 100, compliant: true },
      statuses: {
        required: {
          capabilities: [
            { id: 'cap-missing', status: 'required', defined: false, tests: [] },
            { id: 'cap-x', status: 'required', description: 'X', defined: true, tests: [
              { name: 't.x1', passed: true, matched_by: 'name', flagged: false, aliases: [], idempotent_id: 'id-1' },
              { name: 't.x2', passed: true, matched_by: 'alias', matched_name: 't.x2.old', flagged: false, aliases: ['t.x2.old'] },
              { name: 't.x3', passed: false, matched_by: null, flagged: true, flag: { reason: 'D401 buggy' } },
              { name: 't.x4', passed: false, matched_by: 'id', matched_name: 't.x4.new', flagged: false },
              { bogus: true },
            ] },
          ],
        },
        advisory: { capabilities: [{ id: 'cap-y', tests: [{ name: 't.y1', passed: false }] }] },
        deprecated: {},
      },
    }, fx.v15, 'compute');
    expect(report.source).toBe('server');
    expect(report.compliant).toBe(false);
    expect(report.required.count).toBe(4);
    expect(report.required.passedCount).toBe(2);
    expect(report.required.flagFailCount).toBe(1);
    expect(report.statuses.required.capabilities[0].missing).toBe(true);
    var tests = report.statuses.required.capabilities[1].tests;
    expect(tests[2].flagReason).toBe('D401 buggy');
    expect(tests[3].matchedBy).toBe('id');
    expect(tests[3].matchedName).toBe('t.x4.new');
    expect(report.idMatches.compliant).toBe(true);
    expect(report.statuses.advisory.count).toBe(1);
  });

  it('accepts capabilities grouped by status', function () {
    var report = service.fromServer({ capabilities: { required: [{ id: 'cap-x', passed: ['t.x1'], not_passed: [] }] } }, fx.v15, 'compute');
    expect(report.statuses.required.capabilities[0].status).toBe('required');
    expect(report.compliant).toBe(true);
  });

  it('falls back when the 200 body is unusable', function () {
    $httpBackend.expectGET(URL).respond(200, '<html>');
    var report;
    service.build(run, fx.v15, '2016.01.json', 'compute').then(function (r) { report = r; });
    $httpBackend.flush();
    expect(report.source).toBe('client');
    expect(service.fromServer(null, fx.v15, 'compute')).toBeNull();
    expect(service.fromServer({ capabilities: 3 }, fx.v15, 'compute')).toBeNull();
  });

  it('rejects with a message when local scoring is impossible', function () {
    var error;
    service.scoreLocally(run, { schema: '7.0', capabilities: {} }, 'compute').catch(function (e) { error = e; });
    inject(function ($rootScope) { $rootScope.$digest(); });
    expect(error.message).toMatch(/not supported/);
  });
});
