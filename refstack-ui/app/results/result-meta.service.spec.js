describe('resultMetaService', function () {
  'use strict';

  var $httpBackend;
  var service;
  var BASE = 'http://api.test/v1';

  beforeEach(module('refstack.results', 'refstack.config'));
  beforeEach(inject(function (_$httpBackend_, resultMetaService) {
    $httpBackend = _$httpBackend_;
    service = resultMetaService;
  }));

  afterEach(function () {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
  });

  it('derives the editable view of a run', function () {
    var run = { meta: { shared: 'true', guideline: '2020.06.json' },
      product_version: { id: 'v1', version: '1.0', product_info: { id: 'p1', name: 'Cloud' } } };
    expect(service.editableFrom(run)).toEqual({ shared: true, guideline: '2020.06.json', target: null,
      productId: 'p1', productVersionId: 'v1' });
    expect(service.isShared({ shared: 'false' })).toBe(false);
    expect(service.isShared({})).toBe(false);
    expect(service.productLabel(run.product_version)).toBe('Cloud (1.0)');
    expect(service.productLabel({ version: null, product_info: { name: 'Cloud' } })).toBe('Cloud');
    expect(service.productLabel(null)).toBeNull();
  });

  it('sends one request per changed field and resolves after all of them', function () {
    var before = { shared: false, guideline: '2019.11.json', target: 'compute', productVersionId: 'v1' };
    var after = { shared: true, guideline: null, target: 'platform', productVersionId: null };
    $httpBackend.expectPOST(BASE + '/results/r1/meta/shared', 'true').respond(201, 'null');
    $httpBackend.expectDELETE(BASE + '/results/r1/meta/guideline').respond(404, { title: 'gone' });
    $httpBackend.expectPOST(BASE + '/results/r1/meta/target', 'platform').respond(201, 'null');
    $httpBackend.expectPUT(BASE + '/results/r1', { product_version_id: null }).respond(201, {});
    var keys;
    service.save('r1', before, after).then(function (k) { keys = k; });
    expect(keys).toBeUndefined();
    $httpBackend.flush();
    expect(keys).toEqual(['shared', 'guideline', 'target', 'productVersionId']);
  });

  it('rejects when a request fails', function () {
    $httpBackend.expectDELETE(BASE + '/results/r1/meta/shared').respond(403, { title: 'Forbidden', detail: 'verified' });
    var error;
    service.save('r1', { shared: true }, { shared: false }).catch(function (e) { error = e; });
    $httpBackend.flush();
    expect(error.status).toBe(403);
  });

  it('lists only manageable products', function () {
    $httpBackend.expectGET(BASE + '/products').respond({ products: [{ id: 'a', can_manage: true }, { id: 'b', can_manage: false }] });
    var products;
    service.manageableProducts().then(function (p) { products = p; });
    $httpBackend.flush();
    expect(products.map(function (p) { return p.id; })).toEqual(['a']);
  });
});
