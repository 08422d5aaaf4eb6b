describe('products feature', function () {
  'use strict';

  var $httpBackend;
  var render;
  var api;
  var auth;
  var confirmService;
  var modalService;
  var $q;
  var $state;

  beforeEach(module('refstack.products', 'refstack.testing', 'refstack.fixtures'));
  beforeEach(inject(function (_$httpBackend_, rsRender, rsApi, authService, _confirmService_, _modalService_, _$q_, _$state_) {
    $httpBackend = _$httpBackend_;
    render = rsRender;
    api = rsApi;
    auth = authService;
    confirmService = _confirmService_;
    modalService = _modalService_;
    $q = _$q_;
    $state = _$state_;
    spyOn(auth, 'ready').and.returnValue($q.resolve(auth.state));
  }));

  afterEach(function () {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
  });

  var PRODUCTS = [
    { id: 'z', name: 'zeta', public: true, can_manage: false, product_type: 1, organization_id: 'o' },
    { id: 'a', name: 'Alpha', public: false, can_manage: true, product_type: 0, organization_id: 'm' },
    { id: 'b', name: 'beta', public: true, can_manage: true, product_type: 2, organization_id: 'm' },
  ];

  describe('productModel', function () {
    var rows = [
      [{ mine: false }, ['b', 'z']],
      [{ mine: true }, ['a', 'b']],
      [{ mine: true, isAdmin: true }, ['b', 'z']],
      [{ mine: true, isAdmin: true, showPrivate: true }, ['a', 'b', 'z']],
    ];
    rows.forEach(function (row) {
      it('shows ' + row[1].join(',') + ' for ' + JSON.stringify(row[0]), inject(function (productModel) {
        expect(productModel.visible(PRODUCTS, row[0]).map(function (p) { return p.id; })).toEqual(row[1]);
      }));
    });

    it('knows product pages and versions', inject(function (productModel) {
      expect(productModel.stateFor({ product_type: 0 })).toBe('distro');
      expect(productModel.stateFor({ product_type: 2 })).toBe('cloud');
      var versions = [{ id: 1, version: '10' }, { id: 2, version: null }, { id: 3, version: '9' }];
      expect(productModel.defaultVersion(versions).id).toBe(2);
      expect(productModel.defaultVersion([])).toBeNull();
      expect(productModel.namedVersions(versions).map(function (v) { return v.version; })).toEqual(['9', '10']);
    }));
  });

  it('lists products with vendor names and creates one', function () {
    auth.state.isAuthenticated = true;
    $httpBackend.expectGET(api('/products')).respond({ products: PRODUCTS });
    $httpBackend.expectGET(api('/vendors')).respond({ vendors: [{ id: 'm', name: 'MyCo', can_manage: true, type: 1 }, { id: 'o', name: 'Other', type: 3 }] });
    var view = render('<rs-products-list mine="true"></rs-products-list>');
    $httpBackend.flush();
    var ctrl = view.ctrl('rsProductsList');
    expect(view.element[0].querySelectorAll('tbody tr').length).toBe(2);
    expect(view.element.text()).toContain('MyCo');
    expect(ctrl.form.organizationId).toBe('m');
    ctrl.add();
    expect(ctrl.formError).toBeTruthy();
    ctrl.form.name = 'New';
    ctrl.form.productType = 1;
    $httpBackend.expectPOST(api('/products'), { name: 'New', description: '', product_type: 1, organization_id: 'm' }).respond(201, { id: 'n' });
    ctrl.add();
    $httpBackend.flush();
    expect($state.go).toHaveBeenCalledWith('cloud', { id: 'n' });
    ctrl.showPrivate = true;
    ctrl.refilter();
    expect(ctrl.vendorName({ organization_id: 'nope' })).toBeNull();
  });

  it('shows the public catalogue even when vendors fail', function () {
    $httpBackend.expectGET(api('/products')).respond({ products: PRODUCTS });
    $httpBackend.expectGET(api('/vendors')).respond(500, {});
    var view = render('<rs-products-list mine="false"></rs-products-list>');
    $httpBackend.flush();
    expect(view.element[0].querySelectorAll('tbody tr').length).toBe(2);
    $httpBackend.expectGET(api('/products')).respond(500, { title: 'boom' });
    $httpBackend.expectGET(api('/vendors')).respond({ vendors: [] });
    var broken = render('<rs-products-list mine="false"></rs-products-list>');
    $httpBackend.flush();
    expect(broken.element.text()).toContain('Could not load products');
  });

  function detail(product, vendor) {
    $httpBackend.expectGET(api('/products/p1')).respond(product);
    $httpBackend.expectGET(api('/vendors/' + product.organization_id)).respond(vendor ? 200 : 403, vendor || {});
    $httpBackend.expectGET(api('/products/p1/versions')).respond([{ id: 'v0', version: null, cpid: 'cp-0' }, { id: 'v1', version: '1.0', cpid: null }]);
    $httpBackend.expectGET(api('/results?page=1&product_id=p1')).respond({ results: [
      { id: 'r1', created_at: '2020-01-01 00:00:00', meta: { shared: 'true' }, verification_status: 0, product_version: { version: '1.0' } }],
    pagination: { current_page: 1, total_pages: 1 } });
    $httpBackend.expectGET(api('/guidelines')).respond({ powered: [{ name: '2020.06.json', file: '2020.06.json' }] });
    var view = render('<rs-product-detail product-id="\'p1\'"></rs-product-detail>');
    $httpBackend.flush();
    return view;
  }

  it('shows a managed product and performs its actions', function () {
    var view = detail({ id: 'p1', name: 'Cloudy', product_type: 1, public: false, can_manage: true, organization_id: 'm', properties: '{"k": "v"}' },
      { id: 'm', name: 'MyCo', type: 3 });
    var ctrl = view.ctrl('rsProductDetail');
    var text = view.element.text();
    expect(text).toContain('Cloud product');
    expect(text).toContain('cp-0');
    expect(text).toContain('MyCo');
    expect(text).toContain('Make product public');
    expect(ctrl.canChangeVisibility()).toBe(true);
    expect($state.go).toHaveBeenCalledWith('cloud', { id: 'p1' }, { location: 'replace' });

    spyOn(confirmService, 'ask').and.returnValue($q.resolve(true));
    $httpBackend.expectPUT(api('/products/p1'), { public: true }).respond(200, {});
    $httpBackend.expectGET(api('/products/p1')).respond({ id: 'p1', name: 'Cloudy', product_type: 1, public: true, can_manage: true, organization_id: 'm' });
    $httpBackend.expectGET(api('/vendors/m')).respond({ id: 'm', type: 3 });
    $httpBackend.expectGET(api('/products/p1/versions')).respond([]);
    ctrl.togglePublic();
    $httpBackend.flush();
    expect(ctrl.product.public).toBe(true);

    ctrl.newVersion = '';
    ctrl.addVersion();
    expect(ctrl.versionFormError).toBeTruthy();
    ctrl.versions = [{ id: 'v1', version: '1.0' }];
    ctrl.newVersion = '1.0';
    ctrl.addVersion();
    expect(ctrl.versionFormError).toMatch(/already/);
    ctrl.newVersion = '2.0';
    $httpBackend.expectPOST(api('/products/p1/versions'), { version: '2.0' }).respond(201, {});
    $httpBackend.expectGET(api('/products/p1/versions')).respond([{ id: 'v2', version: '2.0' }]);
    ctrl.addVersion();
    $httpBackend.flush();
    expect(ctrl.namedVersions.length).toBe(1);

    spyOn(modalService, 'open').and.returnValue({ result: $q.resolve('saved') });
    $httpBackend.expectGET(api('/products/p1/versions')).respond([]);
    ctrl.openVersion({ id: 'v2', version: '2.0' });
    $httpBackend.flush();
    $httpBackend.expectGET(api('/products/p1')).respond(500, {});
    ctrl.edit();
    $httpBackend.flush();

    $httpBackend.expectDELETE(api('/products/p1')).respond(204, '');
    ctrl.remove();
    $httpBackend.flush();
    expect($state.go).toHaveBeenCalledWith('userProducts');
  });

  it('shows a public distro read-only with a hidden vendor', function () {
    var view = detail({ id: 'p1', name: 'Distro', product_type: 0, public: true, can_manage: false, organization_id: 'x' }, null);
    var ctrl = view.ctrl('rsProductDetail');
    expect(view.element.text()).toContain('Distro product');
    expect(view.element.text()).toContain('Not visible to you');
    expect(ctrl.canChangeVisibility()).toBe(false);
    expect(view.element.text()).not.toContain('Delete');
  });

  it('edits the product and its cpid, and versions in dialogs', function () {
    var close = jasmine.createSpy('close');
    var edit = render('<rs-product-edit-modal resolve="resolve" close="close(result)" dismiss="0"></rs-product-edit-modal>', {
      close: close, resolve: { product: { id: 'p1', name: 'P', properties: '{"a": "b"}' }, baseVersion: { id: 'v0', cpid: 'old' } } });
    var ctrl = edit.ctrl('rsProductEditModal');
    ctrl.model.name = ' ';
    ctrl.save();
    expect(ctrl.error).toBeTruthy();
    ctrl.model.name = 'P2';
    ctrl.model.cpid = 'new';
    $httpBackend.expectPUT(api('/products/p1'), { name: 'P2', description: '', properties: { a: 'b' } }).respond(200, {});
    $httpBackend.expectPUT(api('/products/p1/versions/v0'), { cpid: 'new' }).respond(200, {});
    ctrl.save();
    $httpBackend.flush();
    expect(close).toHaveBeenCalledWith(true);
    $httpBackend.expectPUT(api('/products/p1')).respond(403, { title: 'Forbidden' });
    ctrl.save();
    $httpBackend.flush();
    expect(ctrl.error.status).toBe(403);

    var vclose = jasmine.createSpy('vclose');
    var version = render('<rs-product-version-modal resolve="resolve" close="close(result)" dismiss="0"></rs-product-version-modal>', {
      close: vclose, resolve: { product: { id: 'p1', name: 'P' }, version: { id: 'v1', version: '1.0', cpid: null } } });
    var vctrl = version.ctrl('rsProductVersionModal');
    vctrl.cpid = ' abc ';
    $httpBackend.expectPUT(api('/products/p1/versions/v1'), { cpid: 'abc' }).respond(200, {});
    vctrl.save();
    $httpBackend.flush();
    expect(vclose).toHaveBeenCalledWith('saved');
    spyOn(confirmService, 'ask').and.returnValue($q.resolve(true));
    $httpBackend.expectDELETE(api('/products/p1/versions/v1')).respond(400, { title: 'Bad Request', detail: 'tests attached' });
    vctrl.remove();
    $httpBackend.flush();
    expect(vctrl.error.message).toContain('tests attached');
    $httpBackend.expectDELETE(api('/products/p1/versions/v1')).respond(204, '');
    vctrl.remove();
    $httpBackend.flush();
    expect(vclose).toHaveBeenCalledWith('deleted');
    $httpBackend.expectPUT(api('/products/p1/versions/v1')).respond(500, {});
    vctrl.save();
    $httpBackend.flush();
  });

  it('edits and unassociates product runs', function () {
    $httpBackend.expectGET(api('/results?page=1&product_id=p1')).respond({ results: [{ id: 'r1', meta: {}, verification_status: 0 }],
      pagination: { current_page: 1, total_pages: 2 } });
    var view = render('<rs-product-runs product="product" versions="[]" can-manage="true"></rs-product-runs>', { product: { id: 'p1', name: 'P' } });
    $httpBackend.flush();
    var ctrl = view.ctrl('rsProductRuns');
    ctrl.toggleRow({ id: 'r1' });
    view.scope.$digest();
    expect(view.element.text()).toContain('Unassociate test result from product');
    spyOn(confirmService, 'ask').and.returnValue($q.resolve(true));
    $httpBackend.expectPUT(api('/results/r1'), { product_version_id: null }).respond(201, {});
    $httpBackend.expectGET(api('/results?page=1&product_id=p1')).respond({ results: [], pagination: {} });
    ctrl.unassociate({ id: 'r1' });
    $httpBackend.flush();
    spyOn(modalService, 'open').and.returnValue({ result: $q.resolve([]) });
    $httpBackend.expectGET(api('/guidelines')).respond(500, {});
    $httpBackend.expectGET(api('/results?page=1&product_id=p1')).respond({ results: [], pagination: {} });
    ctrl.edit({ id: 'r1' });
    $httpBackend.flush();
    $httpBackend.expectGET(api('/results?page=2&product_id=p1')).respond(403, { title: 'Forbidden' });
    ctrl.goToPage(2);
    $httpBackend.flush();
    expect(view.element.text()).toContain('Could not load the test runs');
  });

  describe('run history', function () {
    it('scores each run and lays out one series per version', inject(function (runHistoryService, guidelineFixtures) {
      $httpBackend.expectGET(api('/results?page=1&product_id=p1')).respond({ results: [
        { id: 'r2', created_at: '2020-02-01 00:00:00', product_version: { version: '2.0' } },
        { id: 'r1', created_at: '2020-01-01 00:00:00', product_version: { version: '1.0' } },
        { id: 'r3', created_at: '2020-01-15 00:00:00', product_version: null }] });
      $httpBackend.expectGET(api('/guidelines/2020.06.json')).respond(guidelineFixtures.v20);
      $httpBackend.expectGET(api('/results/r2')).respond({ id: 'r2', results: ['c1.t1', 'c1.t2', 'sh.t1', 's1.t1'] });
      $httpBackend.expectGET(api('/results/r1')).respond({ id: 'r1', results: ['c1.t1'] });
      $httpBackend.expectGET(api('/results/r3')).respond(401, {});
      $httpBackend.whenGET(/report/).respond(404, {});
      var points;
      runHistoryService.load('p1', '2020.06.json', 'platform').then(function (p) { points = p; });
      $httpBackend.flush();
      expect(points.map(function (p) { return [p.runId, p.percent, p.compliant]; })).toEqual([['r1', 25, false], ['r2', 100, true]]);
      var chart = runHistoryService.layout(points, 640, 240);
      expect(chart.series.map(function (s) { return s.version; })).toEqual(['1.0', '2.0']);
      expect(chart.series[0].path).toBe('M40 160');
      expect(chart.series[1].points[0].x).toBe(630);
      expect(chart.xLabels[0].text).toBe('2020-01-01');
      var single = runHistoryService.layout([points[0]], 640, 240);
      expect(single.series[0].points[0].x).toBe(335);
      expect(single.xLabels.length).toBe(1);
      expect(runHistoryService.parseDate('bad')).toBeNaN();
    }));

    it('renders the chart on demand', inject(function (runHistoryService) {
      $httpBackend.expectGET(api('/guidelines')).respond({ powered: [{ name: '2020.06.json', file: '2020.06.json' }], dns: [] });
      var view = render('<rs-run-history product="{id: \'p1\'}" versions="[]"></rs-run-history>');
      $httpBackend.flush();
      var ctrl = view.ctrl('rsRunHistory');
      expect(ctrl.guideline.file).toBe('2020.06.json');
      var answers = [
        function () { return $q.resolve([{ runId: 'r', time: 0, createdAt: '2020-01-01 00:00:00', version: '1', percent: 50, compliant: false }]); },
        function () { return $q.resolve([]); },
        function () { return $q.reject({ message: 'x' }); },
      ];
      spyOn(runHistoryService, 'load').and.callFake(function () { return answers.shift()(); });
      ctrl.show();
      view.scope.$digest();
      expect(view.element[0].querySelectorAll('circle').length).toBe(1);
      ctrl.show();
      view.scope.$digest();
      expect(view.element.text()).toContain('No test runs to chart');
      ctrl.show();
      view.scope.$digest();
      expect(view.element.text()).toContain('Could not build the run history');
      ctrl.target = 'dns';
      ctrl.onTargetChange();
      expect(ctrl.guideline).toBeNull();
      expect(ctrl.show()).toBeNull();
    }));
  });
});
