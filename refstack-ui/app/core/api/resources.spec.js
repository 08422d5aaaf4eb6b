/* Table-driven: one row per API facade call -> expected HTTP request. */
describe('API resource services', function () {
  'use strict';

  var $httpBackend;
  var services = {};
  var BASE = 'http://api.test/v1';

  beforeEach(module('refstack.core'));
  beforeEach(inject(function (_$httpBackend_, resultsApi, guidelinesApi, profileApi, vendorsApi, productsApi) {
    $httpBackend = _$httpBackend_;
    services = { resultsApi: resultsApi, guidelinesApi: guidelinesApi, profileApi: profileApi,
      vendorsApi: vendorsApi, productsApi: productsApi };
  }));

  afterEach(function () {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
  });

  var rows = [
    ['resultsApi', 'list', [], 'GET', '/results?page=1', undefined, { results: [] }],
    ['resultsApi', 'list', [{ page: 3, startDate: '2020-01-02', endDate: '2020-02-03', cpid: 'abc', verified: '1' }], 'GET',
      '/results?cpid=abc&end_date=2020-02-03+23:59:59&page=3&start_date=2020-01-02+00:00:00&verification_status=1', undefined, {}],
    ['resultsApi', 'list', [{ signed: true, productId: 'p 1' }], 'GET', '/results?page=1&product_id=p+1&signed=true', undefined, {}],
    ['resultsApi', 'get', ['r/1'], 'GET', '/results/r%2F1', undefined, {}],
    ['resultsApi', 'report', ['r1', '2020.06.json', 'compute'], 'GET', '/results/r1/report?guideline=2020.06.json&target=compute', undefined, {}],
    ['resultsApi', 'update', ['r1', { verification_status: 1 }], 'PUT', '/results/r1', { verification_status: 1 }, {}],
    ['resultsApi', 'remove', ['r1'], 'DELETE', '/results/r1', undefined, null],
    ['resultsApi', 'setMeta', ['r1', 'guideline', '2020.06.json'], 'POST', '/results/r1/meta/guideline', '2020.06.json', null],
    ['resultsApi', 'deleteMeta', ['r1', 'target'], 'DELETE', '/results/r1/meta/target', undefined, null],
    ['guidelinesApi', 'list', [], 'GET', '/guidelines', undefined, { powered: [] }],
    ['guidelinesApi', 'get', ['2020.06.json'], 'GET', '/guidelines/2020.06.json', undefined, {}],
    ['guidelinesApi', 'testList', ['2020.06.json', { target: 'platform', types: ['required', 'advisory'], alias: true, flag: false }], 'GET',
      '/guidelines/2020.06.json/tests?target=platform&type=required,advisory&alias=true&flag=false', undefined, 'a\nb'],
    ['profileApi', 'get', [], 'GET', '/profile', undefined, {}],
    ['profileApi', 'listKeys', [], 'GET', '/profile/pubkeys', undefined, []],
    ['profileApi', 'addKey', [' ssh-rsa AAA c ', ' ab12 '], 'POST', '/profile/pubkeys', { raw_key: 'ssh-rsa AAA c', self_signature: 'ab12' }, '"id"'],
    ['profileApi', 'deleteKey', ['k1'], 'DELETE', '/profile/pubkeys/k1', undefined, null],
    ['vendorsApi', 'list', [], 'GET', '/vendors', undefined, { vendors: [] }],
    ['vendorsApi', 'get', ['v1'], 'GET', '/vendors/v1', undefined, {}],
    ['vendorsApi', 'create', ['Acme', ''], 'POST', '/vendors', { name: 'Acme', description: '' }, { id: 'v1' }],
    ['vendorsApi', 'update', ['v1', { description: 'd' }], 'PUT', '/vendors/v1', { description: 'd' }, {}],
    ['vendorsApi', 'remove', ['v1'], 'DELETE', '/vendors/v1', undefined, null],
    ['vendorsApi', 'action', ['v1', 'register'], 'POST', '/vendors/v1/action', { register: null }, null],
    ['vendorsApi', 'action', ['v1', 'deny', 'no'], 'POST', '/vendors/v1/action', { deny: null, registration_decline_reason: 'no' }, null],
    ['vendorsApi', 'listUsers', ['v1'], 'GET', '/vendors/v1/users', undefined, null],
    ['vendorsApi', 'addUser', ['v1', 'https://openstackid.org/jane'], 'PUT', '/vendors/v1/users/aHR0cHM6Ly9vcGVuc3RhY2tpZC5vcmcvamFuZQ%3D%3D', undefined, null],
    ['vendorsApi', 'removeUser', ['v1', 'https://openstackid.org/jane'], 'DELETE', '/vendors/v1/users/aHR0cHM6Ly9vcGVuc3RhY2tpZC5vcmcvamFuZQ%3D%3D', undefined, null],
    ['productsApi', 'list', [], 'GET', '/products', undefined, { products: [] }],
    ['productsApi', 'list', ['v1'], 'GET', '/products?organization_id=v1', undefined, { products: [] }],
    ['productsApi', 'get', ['p1'], 'GET', '/products/p1', undefined, {}],
    ['productsApi', 'create', [{ name: 'P', product_type: 0 }], 'POST', '/products', { name: 'P', product_type: 0 }, { id: 'p1' }],
    ['productsApi', 'update', ['p1', { public: true }], 'PUT', '/products/p1', { public: true }, {}],
    ['productsApi', 'remove', ['p1'], 'DELETE', '/products/p1', undefined, null],
    ['productsApi', 'listVersions', ['p1'], 'GET', '/products/p1/versions', undefined, null],
    ['productsApi', 'addVersion', ['p1', '1.0'], 'POST', '/products/p1/versions', { version: '1.0' }, {}],
    ['productsApi', 'addVersion', ['p1', '1.0', 'c'], 'POST', '/products/p1/versions', { version: '1.0', cpid: 'c' }, {}],
    ['productsApi', 'updateVersion', ['p1', 'v9', 'cp'], 'PUT', '/products/p1/versions/v9', { cpid: 'cp' }, {}],
    ['productsApi', 'removeVersion', ['p1', 'v9'], 'DELETE', '/products/p1/versions/v9', undefined, null],
  ];

  rows.forEach(function (row) {
    var service = row[0];
    var fn = row[1];
    it(service + '.' + fn + '(' + JSON.stringify(row[2]) + ') -> ' + row[3] + ' ' + row[4], function () {
      $httpBackend.expect(row[3], BASE + row[4], row[5]).respond(200, row[6]);
      var resolved = false;
      services[service][fn].apply(null, row[2]).then(function () { resolved = true; });
      $httpBackend.flush();
      expect(resolved).toBe(true);
    });
  });

  it('unwraps lists and defaults null bodies to empty lists', function () {
    var out = {};
    $httpBackend.expectGET(BASE + '/vendors').respond({ vendors: [{ id: 1 }] });
    $httpBackend.expectGET(BASE + '/vendors/v/users').respond(200, 'null');
    $httpBackend.expectGET(BASE + '/products').respond(200, 'null');
    services.vendorsApi.list().then(function (v) { out.vendors = v; });
    services.vendorsApi.listUsers('v').then(function (u) { out.users = u; });
    services.productsApi.list().then(function (p) { out.products = p; });
    $httpBackend.flush();
    expect(out).toEqual({ vendors: [{ id: 1 }], users: [], products: [] });
  });

  it('caches guideline documents and the index, but not failures', function () {
    $httpBackend.expectGET(BASE + '/guidelines').respond(500, {});
    $httpBackend.expectGET(BASE + '/guidelines/a.json').respond(200, { a: 1 });
    services.guidelinesApi.list().catch(angular.noop);
    services.guidelinesApi.get('a.json');
    services.guidelinesApi.get('a.json');
    $httpBackend.flush();
    $httpBackend.expectGET(BASE + '/guidelines').respond(200, { powered: [] });
    services.guidelinesApi.list();
    $httpBackend.flush();
    services.guidelinesApi.list();
    services.guidelinesApi.get('a.json');
  });

  it('treats a 404 on meta delete as success and toasts other failures', inject(function (toastService) {
    spyOn(toastService, 'error');
    var ok = false;
    var failed = false;
    $httpBackend.expectDELETE(BASE + '/results/r/meta/shared').respond(404, {});
    $httpBackend.expectDELETE(BASE + '/results/r/meta/target').respond(403, { title: 'Forbidden', detail: 'No' });
    services.resultsApi.deleteMeta('r', 'shared').then(function () { ok = true; });
    services.resultsApi.deleteMeta('r', 'target').catch(function () { failed = true; });
    $httpBackend.flush();
    expect(ok).toBe(true);
    expect(failed).toBe(true);
    expect(toastService.error).toHaveBeenCalled();
    expect(function () { services.resultsApi.setMeta('r', 'user', 'x'); }).toThrowError(/Unsupported/);
  }));

  it('builds absolute test-list URLs', function () {
    expect(services.guidelinesApi.testListUrl('next.json', { target: 'dns', types: [], alias: false, flag: true }))
      .toBe(BASE + '/guidelines/next.json/tests?target=dns&type=&alias=false&flag=true');
  });
});
