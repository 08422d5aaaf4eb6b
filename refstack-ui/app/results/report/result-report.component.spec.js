describe('rsResultReport', function () {
  'use strict';

  var $httpBackend;
  var render;
  var api;
  var fx;
  var confirmService;
  var modalService;
  var $q;
  var $state;

  beforeEach(module('refstack.results', 'refstack.testing', 'refstack.fixtures'));
  beforeEach(inject(function (_$httpBackend_, rsRender, rsApi, guidelineFixtures, _confirmService_, _modalService_, _$q_, _$state_) {
    $httpBackend = _$httpBackend_;
    render = rsRender;
    api = rsApi;
    fx = angular.copy(guidelineFixtures);
    confirmService = _confirmService_;
    modalService = _modalService_;
    $q = _$q_;
    $state = _$state_;
  }));

  afterEach(function () {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
    angular.element(document.querySelectorAll('.rs-modal, .modal-backdrop')).remove();
  });

  function run(role, meta, extra) {
    return angular.extend({
      id: 'r1', cpid: 'cloud-1', created_at: '2020-01-02 03:04:05', duration_seconds: 42,
      verification_status: 0, meta: meta || {}, product_version: null, user_role: role,
      results: ['c1.t1', 'c1.t2', 'sh.t1', 's1.t1'],
    }, extra);
  }

  function open(data, initial, file, target) {
    $httpBackend.expectGET(api('/results/r1')).respond(data);
    $httpBackend.expectGET(api('/guidelines')).respond(fx.index);
    $httpBackend.expectGET(api('/guidelines/' + file)).respond(fx.v20);
    $httpBackend.expectGET(api('/results/r1/report?guideline=' + file + '&target=' + target)).respond(404, {});
    var view = render('<rs-result-report test-id="\'r1\'" initial="initial"></rs-result-report>', { initial: initial || {} });
    $httpBackend.flush();
    return view;
  }

  it('scores against the run\'s guideline and target and names the programme', function () {
    var view = open(run('user', { guideline: '2019.11.json', target: 'compute' }), {}, '2019.11.json', 'compute');
    var ctrl = view.ctrl('rsResultReport');
    expect(ctrl.report.compliant).toBe(true);
    var text = view.element.text().replace(/\s+/g, ' ');
    expect(text).toContain('This cloud passes 100% (3/3) of the tests in the 2019.11 required capabilities for the OpenStack Powered Compute program');
    expect(text).toContain('Compliance with 2019.11: YES');
    expect(text).not.toContain('cloud-1');
    expect(view.element.text()).not.toContain('Publicly shared');
    expect($state.go).toHaveBeenCalledWith('.', { guideline: '2019.11', target: 'compute' }, { location: 'replace' });
  });

  it('honours URL parameters and keeps the version when switching programme type', function () {
    var view = open(run('owner', { shared: 'true' }), { guideline: '2020.06', target: 'platform' }, '2020.06.json', 'platform');
    var ctrl = view.ctrl('rsResultReport');
    expect(view.element.text()).toContain('cloud-1');
    expect(view.element.text()).toContain('Publicly shared');
    ctrl.target = 'orchestration';
    $httpBackend.expectGET(api('/guidelines/orchestration.2019.11.json')).respond(fx.dns);
    $httpBackend.expectGET(api('/results/r1/report?guideline=orchestration.2019.11.json&target=orchestration')).respond(404, {});
    ctrl.onTargetChange();
    $httpBackend.flush();
    expect(ctrl.reportError.message).toMatch(/no capabilities/);
    ctrl.target = 'dns';
    $httpBackend.expectGET(api('/guidelines/dns.2020.06.json')).respond(fx.dns);
    $httpBackend.expectGET(api('/results/r1/report?guideline=dns.2020.06.json&target=dns')).respond(404, {});
    ctrl.onTargetChange();
    $httpBackend.flush();
    expect(ctrl.version.file).toBe('dns.2020.06.json');
    expect(ctrl.report.compliant).toBe(false);
    expect(view.element.text().replace(/\s+/g, ' ')).toContain('Compliance with 2020.06: NO');
  });

  it('shows an error for a missing or private run', function () {
    $httpBackend.expectGET(api('/results/r1')).respond(401, { code: 401, title: 'Unauthorized', detail: '' });
    var view = render('<rs-result-report test-id="\'r1\'" initial="{}"></rs-result-report>');
    $httpBackend.flush();
    expect(view.element.text()).toContain('Could not load this test run');
    expect(view.element.text()).toContain('You may need to sign in');
  });

  it('lets the Foundation verify and unverify', function () {
    var view = open(run('foundation', { shared: 'true', guideline: '2020.06.json', target: 'platform' }), {}, '2020.06.json', 'platform');
    var ctrl = view.ctrl('rsResultReport');
    expect(ctrl.canVerify()).toBe(true);
    ctrl.verified = true;
    $httpBackend.expectPUT(api('/results/r1'), { verification_status: 1 }).respond(201, {});
    $httpBackend.expectGET(api('/results/r1')).respond(run('foundation', {}, { verification_status: 1 }));
    ctrl.toggleVerified();
    $httpBackend.flush();
    expect(ctrl.run.verification_status).toBe(1);
    ctrl.verified = false;
    $httpBackend.expectPUT(api('/results/r1'), { verification_status: 0 }).respond(403, { title: 'Forbidden', detail: 'no' });
    ctrl.toggleVerified();
    $httpBackend.flush();
    expect(ctrl.verified).toBe(true);
  });

  it('edits, deletes and lists passed tests', function () {
    var view = open(run('owner', {}), {}, '2020.06.json', 'platform');
    var ctrl = view.ctrl('rsResultReport');
    spyOn(modalService, 'open').and.returnValue({ result: $q.resolve([]) });
    $httpBackend.expectGET(api('/results/r1')).respond(run('owner', { shared: 'true' }));
    ctrl.edit();
    $httpBackend.flush();
    expect(ctrl.shared).toBe(true);
    ctrl.showPassedTests();
    expect(modalService.open.calls.mostRecent().args[0].resolve.names.length).toBe(4);
    spyOn(confirmService, 'ask').and.returnValue($q.resolve(true));
    $httpBackend.expectDELETE(api('/results/r1')).respond(204, '');
    ctrl.remove();
    $httpBackend.flush();
    expect($state.go).toHaveBeenCalledWith('communityResults');
  });

  it('exports the report as JSON', inject(function ($window) {
    var view = open(run('user', {}), {}, '2020.06.json', 'platform');
    spyOn($window.URL, 'createObjectURL').and.returnValue('blob:x');
    spyOn(HTMLAnchorElement.prototype, 'click');
    view.ctrl('rsResultReport').download();
    expect(HTMLAnchorElement.prototype.click).toHaveBeenCalled();
  }));
});

describe('rsReportCapabilities', function () {
  'use strict';

  var view;

  beforeEach(module('refstack.results', 'refstack.testing', 'refstack.fixtures'));
  beforeEach(inject(function (rsRender, reportScoring, guidelineFixtures) {
    var report = reportScoring.score(guidelineFixtures.v15, 'compute', ['t.x1', 't.x2.old', 't.y1']);
    view = rsRender('<rs-report-capabilities report="report"></rs-report-capabilities>', { report: report });
  }));

  it('opens Required by default and disables empty groups', function () {
    var buttons = view.element[0].querySelectorAll('.accordion-button');
    expect(buttons.length).toBe(4);
    expect(buttons[0].getAttribute('aria-expanded')).toBe('true');
    expect(buttons[3].disabled).toBe(true);
    expect(view.element.text()).toContain('Total: 2 capabilities, 4 tests');
  });

  it('filters tests and colours badges', function () {
    var ctrl = view.ctrl('rsReportCapabilities');
    var capX = ctrl.groups[0].capabilities[1];
    var missing = ctrl.groups[0].capabilities[0];
    expect(ctrl.badgeClass(capX)).toBe('rs-count-some');
    expect(ctrl.badgeClass(missing)).toBe('rs-count-none');
    expect(ctrl.badgeClass(ctrl.groups[1].capabilities[0])).toBe('rs-count-all');
    var counts = {};
    ['all', 'passed', 'notPassed', 'flagged'].forEach(function (f) {
      ctrl.filter = f;
      counts[f] = ctrl.groupMatchCount(ctrl.groups[0]);
    });
    expect(counts).toEqual({ all: 4, passed: 2, notPassed: 2, flagged: 1 });
    ctrl.filter = 'flagged';
    expect(ctrl.capVisible(missing)).toBe(false);
    expect(ctrl.badgeClass(capX)).toBe('text-bg-secondary');
    ctrl.filter = 'all';
    ctrl.toggleCap('requiredcap-x');
    ctrl.toggleAliases('requiredcap-xt.x2');
    ctrl.toggleGroup('advisory');
    view.scope.$digest();
    var text = view.element.text();
    expect(text).toContain('passed under an alias');
    expect(text).toContain('D401 buggy');
    expect(text).toContain('t.x2.old');
  });
});
