describe('rsGuidelines and rsTestListModal', function () {
  'use strict';

  var $httpBackend;
  var render;
  var api;
  var fx;
  var modalService;

  beforeEach(module('refstack.guidelines', 'refstack.testing', 'refstack.fixtures'));
  beforeEach(inject(function (_$httpBackend_, rsRender, rsApi, guidelineFixtures, _modalService_) {
    $httpBackend = _$httpBackend_;
    render = rsRender;
    api = rsApi;
    fx = angular.copy(guidelineFixtures);
    modalService = _modalService_;
  }));

  afterEach(function () {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
    angular.element(document.querySelectorAll('.rs-modal, .modal-backdrop')).remove();
  });

  function page(initial) {
    $httpBackend.expectGET(api('/guidelines')).respond(fx.index);
    return render('<rs-guidelines initial="initial"></rs-guidelines>', { initial: initial || {} });
  }

  it('selects the newest dated guideline and lists its required capabilities', function () {
    var view = page();
    $httpBackend.expectGET(api('/guidelines/2020.06.json')).respond(fx.v20);
    $httpBackend.flush();
    var ctrl = view.ctrl('rsGuidelines');
    expect(ctrl.version.name).toBe('2020.06.json');
    expect(ctrl.status).toBe('approved');
    expect(ctrl.capabilities.map(function (c) { return c.id; })).toEqual(['c1', 'c2', 's1', 'shared']);
    expect(view.element[0].querySelectorAll('.rs-capabilities > li').length).toBe(3);
    ctrl.filter.advisory = true;
    view.scope.$digest();
    expect(view.element[0].querySelectorAll('.rs-capabilities > li').length).toBe(4);
    expect(ctrl.countByStatus('required')).toBe(3);
    ctrl.toggle('c1:t');
    expect(ctrl.isOpen('c1:t')).toBe(true);
  });

  it('switches to an add-on keeping the version name, and back', function () {
    var view = page({ target: 'compute', version: '2019.11' });
    $httpBackend.expectGET(api('/guidelines/2019.11.json')).respond(fx.v20);
    $httpBackend.flush();
    var ctrl = view.ctrl('rsGuidelines');
    ctrl.target = 'dns';
    ctrl.onTargetChange();
    $httpBackend.expectGET(api('/guidelines/dns.2020.06.json')).respond(fx.dns);
    $httpBackend.flush();
    expect(ctrl.version.file).toBe('dns.2020.06.json');
    expect(ctrl.capabilities[0].id).toBe('dns-zone');
    ctrl.target = 'platform';
    ctrl.onTargetChange();
    $httpBackend.expectGET(api('/guidelines/2020.06.json')).respond(fx.v20);
    $httpBackend.flush();
    expect(ctrl.version.file).toBe('2020.06.json');
  });

  it('shows a clear message when the guideline has nothing for the programme', function () {
    var view = page({ target: 'dns' });
    $httpBackend.expectGET(api('/guidelines/dns.2020.06.json')).respond(fx.v20);
    $httpBackend.flush();
    expect(view.ctrl('rsGuidelines').targetError).toMatch(/no capabilities/);
  });

  it('shows errors for the listing and the document', function () {
    $httpBackend.expectGET(api('/guidelines')).respond(500, { title: 'down' });
    var view = render('<rs-guidelines initial="{}"></rs-guidelines>');
    $httpBackend.flush();
    expect(view.element.text()).toContain('Could not load the guideline list');
    var view2 = page({ target: 'bogus' });
    $httpBackend.expectGET(api('/guidelines/2020.06.json')).respond(404, { title: 'Not Found', detail: 'Guideline missing' });
    $httpBackend.flush();
    expect(view2.ctrl('rsGuidelines').target).toBe('platform');
    expect(view2.element.text()).toContain('Guideline missing');
  });

  it('opens the test list with the selected statuses', function () {
    var view = page();
    $httpBackend.expectGET(api('/guidelines/2020.06.json')).respond(fx.v20);
    $httpBackend.flush();
    spyOn(modalService, 'open').and.callThrough();
    var ctrl = view.ctrl('rsGuidelines');
    ctrl.filter.advisory = true;
    $httpBackend.expectGET(api('/guidelines/2020.06.json/tests?target=platform&type=required,advisory&alias=true&flag=false'))
      .respond(200, 'a[id-1]\nb[id-2]');
    ctrl.openTestList();
    view.scope.$digest();
    $httpBackend.flush();
    var modal = angular.element(document.querySelector('rs-test-list-modal')).controller('rsTestListModal');
    expect(modal.count).toBe(2);
    expect(modal.fileName).toBe('2020.06-test-list.txt');
    expect(document.querySelector('.rs-modal').textContent).toContain('wget "http://api.test/v1/guidelines/2020.06.json/tests?');
    $httpBackend.expectGET(api('/guidelines/2020.06.json/tests?target=platform&type=required,advisory&alias=false&flag=true'))
      .respond(500, {});
    modal.aliases = false;
    modal.flagged = true;
    modal.refresh();
    $httpBackend.flush();
    expect(modal.error).toBeTruthy();
    expect(modal.count).toBe(0);
  });

  it('does not call the API when no status is selected', inject(function ($rootScope) {
    modalService.open({ component: 'rsTestListModal', resolve: { file: 'x.json', versionName: 'x', target: 'platform', statuses: [] } });
    $rootScope.$digest();
    expect(document.querySelector('.rs-modal').textContent).toContain('No tests matching selected criteria');
  }));
});
