describe('apiService', function () {
  'use strict';

  var $httpBackend;
  var api;
  var toastService;

  beforeEach(module('refstack.core'));
  beforeEach(inject(function (_$httpBackend_, apiService, _toastService_) {
    $httpBackend = _$httpBackend_;
    api = apiService;
    toastService = _toastService_;
  }));

  afterEach(function () {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
  });

  it('prefixes paths with the configured base URL', function () {
    expect(api.url('/results')).toBe('http://api.test/v1/results');
    expect(api.absoluteUrl('/x')).toBe('http://api.test/v1/x');
  });

  it('returns response data and sends credentials', function () {
    var data;
    $httpBackend.expectGET('http://api.test/v1/results?page=2').respond(200, { ok: true });
    api.get('/results', { page: 2 }).then(function (d) { data = d; });
    $httpBackend.flush();
    expect(data).toEqual({ ok: true });
  });

  it('does not parse text responses', function () {
    var text;
    $httpBackend.expectGET('http://api.test/v1/t', function (headers) {
      return headers.Accept === 'text/plain';
    }).respond(200, '["not json"]');
    api.getText('/t').then(function (t) { text = t; });
    $httpBackend.flush();
    expect(text).toBe('["not json"]');
  });

  var errors = [
    { status: 404, body: { title: 'Test result x not found', code: 404 }, message: 'Test result x not found' },
    { status: 403, body: { code: 403, title: 'Forbidden', detail: 'Forbidden.' }, message: 'Forbidden.' },
    { status: 403, body: { code: 403, title: 'Forbidden', detail: 'Can not delete a verified test run.' }, message: 'Forbidden: Can not delete a verified test run.' },
    { status: 400, body: 'Invalid target: x', message: 'Invalid target: x' },
    { status: 500, body: '<html>oops</html>', message: 'HTTP error 500' },
    { status: -1, body: null, message: 'The RefStack API could not be reached' },
  ];
  errors.forEach(function (row) {
    it('normalises a ' + row.status + ' error to "' + row.message + '"', function () {
      var error;
      $httpBackend.expectDELETE('http://api.test/v1/x').respond(row.status, row.body);
      api.delete('/x').catch(function (e) { error = e; });
      $httpBackend.flush();
      expect(error.status).toBe(row.status);
      expect(error.message).toBe(row.message);
    });
  });

  it('toasts and still rejects when asked to', function () {
    spyOn(toastService, 'error');
    var rejected = false;
    $httpBackend.expectPOST('http://api.test/v1/vendors', { name: 'a' }).respond(400, { title: 'name should not be empty' });
    api.post('/vendors', { name: 'a' }, { toast: 'Could not create' }).catch(function () { rejected = true; });
    $httpBackend.flush();
    expect(rejected).toBe(true);
    expect(toastService.error).toHaveBeenCalledWith('Could not create: name should not be empty');
  });

  it('normalises an empty response', function () {
    expect(api.normaliseError(undefined).message).toBe('The RefStack API could not be reached');
    expect(api.normaliseError({ status: 502, statusText: 'Bad Gateway' }).message).toBe('Bad Gateway');
  });

  it('keeps the AngularJS XSRF defaults', inject(function ($http) {
    expect($http.defaults.xsrfCookieName).toBe('XSRF-TOKEN');
    expect($http.defaults.xsrfHeaderName).toBe('X-XSRF-TOKEN');
  }));
});
