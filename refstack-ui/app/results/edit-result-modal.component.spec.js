describe('rsEditResultModal', function () {
  'use strict';

  var $httpBackend;
  var render;
  var api;
  var fx;
  var close;

  beforeEach(module('refstack.results', 'refstack.testing', 'refstack.fixtures'));
  beforeEach(inject(function (_$httpBackend_, rsRender, rsApi, guidelineFixtures) {
    $httpBackend = _$httpBackend_;
    render = rsRender;
    api = rsApi;
    fx = angular.copy(guidelineFixtures);
    close = jasmine.createSpy('close');
  }));

  afterEach(function () {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
  });

  function modal(run) {
    $httpBackend.expectGET(api('/products')).respond({ products: [
      { id: 'p1', name: 'Mine', can_manage: true }, { id: 'p2', name: 'Theirs', can_manage: false }] });
    if (run.product_version) {
      $httpBackend.expectGET(api('/products/p1/versions')).respond([{ id: 'v0', version: null }, { id: 'v1', version: '1.0' }]);
    }
    var view = render('<rs-edit-result-modal resolve="resolve" close="close(result)" dismiss="dismiss(reason)"></rs-edit-result-modal>',
      { resolve: { run: run, index: fx.index }, close: close, dismiss: angular.noop });
    $httpBackend.flush();
    return view.ctrl('rsEditResultModal');
  }

  it('offers the guideline list of the chosen programme type', function () {
    var ctrl = modal({ id: 'r1', meta: { guideline: '2020.06.json', target: 'compute' }, product_version: null });
    expect(ctrl.products.map(function (p) { return p.id; })).toEqual(['p1']);
    expect(ctrl.guidelines.map(function (g) { return g.file; })).toContain('2020.06.json');
    ctrl.model.target = 'dns';
    ctrl.onTargetChange();
    expect(ctrl.model.guideline).toBe('dns.2020.06.json');
    ctrl.model.target = 'orchestration';
    ctrl.onTargetChange();
    expect(ctrl.model.guideline).toBeNull();
  });

  it('keeps an unknown current guideline selectable', function () {
    var ctrl = modal({ id: 'r1', meta: { guideline: '2014.07.json' }, product_version: null });
    expect(ctrl.guidelines.map(function (g) { return g.file; })).toContain('2014.07.json');
  });

  it('defaults to the unnamed version, warns about ownership and waits for saves', function () {
    var ctrl = modal({ id: 'r1', meta: {}, product_version: { id: 'v1', version: '1.0', product_info: { id: 'p1' } } });
    expect(ctrl.versions.length).toBe(2);
    ctrl.model.productId = 'p1';
    $httpBackend.expectGET(api('/products/p1/versions')).respond([{ id: 'v1', version: '1.0' }, { id: 'v0', version: null }]);
    ctrl.onProductChange();
    $httpBackend.flush();
    expect(ctrl.model.productVersionId).toBe('v0');
    expect(ctrl.productChanged()).toBe(true);
    ctrl.model.shared = true;
    $httpBackend.expectPOST(api('/results/r1/meta/shared'), 'true').respond(201, 'null');
    $httpBackend.expectPUT(api('/results/r1'), { product_version_id: 'v0' }).respond(500, { title: 'Internal Server Error' });
    ctrl.save();
    $httpBackend.flush();
    expect(close).not.toHaveBeenCalled();
    expect(ctrl.error.status).toBe(500);
    ctrl.model.productId = null;
    ctrl.onProductChange();
    expect(ctrl.model.productVersionId).toBeNull();
    $httpBackend.expectPOST(api('/results/r1/meta/shared'), 'true').respond(201, 'null');
    $httpBackend.expectPUT(api('/results/r1'), { product_version_id: null }).respond(201, {});
    ctrl.save();
    $httpBackend.flush();
    expect(close).toHaveBeenCalledWith(['shared', 'productVersionId']);
  });
});
