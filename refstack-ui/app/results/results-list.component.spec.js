describe('rsResultsList', function () {
  'use strict';

  var $httpBackend;
  var render;
  var api;
  var modalService;
  var $q;

  beforeEach(module('refstack.results', 'refstack.testing'));
  beforeEach(inject(function (_$httpBackend_, rsRender, rsApi, _modalService_, _$q_) {
    $httpBackend = _$httpBackend_;
    render = rsRender;
    api = rsApi;
    modalService = _modalService_;
    $q = _$q_;
  }));

  afterEach(function () {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
  });

  var RUN = {
    id: '2dd2aaaa-1111-2222-3333-444455556666',
    created_at: '2020-01-02 03:04:05',
    verification_status: 1,
    meta: { shared: 'true', target: 'compute', guideline: '2020.06.json' },
    product_version: { id: 'v', version: '1.0', product_info: { id: 'p', name: 'Cloud<b>', organization_id: 'o1' } },
  };

  function list(mine, initial, query) {
    $httpBackend.expectGET(api('/vendors')).respond({ vendors: [{ id: 'o1', name: 'Acme' }] });
    $httpBackend.expectGET(api('/results?' + query)).respond({ results: [RUN], pagination: { current_page: 1, total_pages: 3 } });
    var view = render('<rs-results-list mine="mine" initial="initial"></rs-results-list>', { mine: mine, initial: initial });
    $httpBackend.flush();
    return view;
  }

  it('lists community results with product, vendor, programme and paging', function () {
    var view = list(false, { cpid: 'abc', start: '2020-01-01', verified: '1' },
      'cpid=abc&page=1&start_date=2020-01-01+00:00:00&verification_status=1');
    var text = view.element.text();
    expect(text).toContain('Community test results');
    expect(text).toContain('2dd2aaaa...55556666');
    expect(text).toContain('Cloud<b> (1.0)');
    expect(text).toContain('Acme');
    expect(text).toContain('OpenStack Powered Compute');
    expect(text).toContain('2020.06');
    expect(view.element.find('b').length).toBe(0);
    var ctrl = view.ctrl('rsResultsList');
    $httpBackend.expectGET(api('/results?cpid=abc&page=2&start_date=2020-01-01+00:00:00&verification_status=1')).respond({ results: [], pagination: { current_page: 2, total_pages: 3 } });
    ctrl.goToPage(2);
    $httpBackend.flush();
    expect(ctrl.page).toBe(2);
    expect(view.element.text()).toContain('No test runs match these filters');
  });

  it('validates the date range before querying', function () {
    var view = list(false, {}, 'page=1');
    var ctrl = view.ctrl('rsResultsList');
    ctrl.form.start = new Date(2020, 5, 2);
    ctrl.form.end = new Date(2020, 5, 1);
    ctrl.applyFilters();
    expect(ctrl.filterError).toMatch(/start date/);
    ctrl.form.end = new Date(2020, 5, 3);
    $httpBackend.expectGET(api('/results?end_date=2020-06-03+23:59:59&page=1&start_date=2020-06-02+00:00:00')).respond({ results: [], pagination: {} });
    ctrl.applyFilters();
    $httpBackend.flush();
    $httpBackend.expectGET(api('/results?page=1')).respond(400, { title: 'Invalid dates' });
    ctrl.clearFilters();
    $httpBackend.flush();
    expect(view.element.text()).toContain('Invalid dates');
  });

  it('shows my results with the signed flag, details and the edit dialog', function () {
    var view = list(true, { page: 1 }, 'page=1&signed=true');
    var ctrl = view.ctrl('rsResultsList');
    expect(view.element.text()).toContain('My test results');
    ctrl.toggleRow(RUN);
    view.scope.$digest();
    expect(ctrl.isExpanded(RUN)).toBe(true);
    expect(ctrl.vendorName({ product_version: null })).toBeNull();
    spyOn(modalService, 'open').and.returnValue({ result: $q.resolve(['shared']) });
    $httpBackend.expectGET(api('/guidelines')).respond({ powered: [] });
    $httpBackend.expectGET(api('/results?page=1&signed=true')).respond({ results: [], pagination: { current_page: 1, total_pages: 0 } });
    ctrl.editRun(RUN);
    $httpBackend.flush();
    expect(modalService.open.calls.mostRecent().args[0].component).toBe('rsEditResultModal');
    expect(view.element.text()).toContain('You have not uploaded any signed test runs yet');
  });
});
