describe('authService', function () {
  'use strict';

  var $httpBackend;
  var auth;
  var $window;

  beforeEach(module('refstack.core', function ($provide) {
    $window = {
      location: { assign: jasmine.createSpy('assign') },
      sessionStorage: window.sessionStorage,
    };
    $provide.value('$window', $window);
  }));
  beforeEach(inject(function (_$httpBackend_, authService) {
    $httpBackend = _$httpBackend_;
    auth = authService;
    window.sessionStorage.clear();
  }));

  var rows = [
    { status: 200, body: { openid: 'o', is_admin: true }, signedIn: true, admin: true, error: false },
    { status: 200, body: { openid: 'o', is_admin: false }, signedIn: true, admin: false, error: false },
    { status: 401, body: { code: 401 }, signedIn: false, admin: false, error: false },
    { status: 500, body: { title: 'boom' }, signedIn: false, admin: false, error: true },
  ];
  rows.forEach(function (row) {
    it('handles GET /profile ' + row.status + (row.admin ? ' (admin)' : ''), function () {
      $httpBackend.expectGET('http://api.test/v1/profile').respond(row.status, row.body);
      var state;
      auth.ready().then(function (s) { state = s; });
      $httpBackend.flush();
      expect(state.checked).toBe(true);
      expect(state.isAuthenticated).toBe(row.signedIn);
      expect(state.isAdmin).toBe(row.admin);
      expect(!!state.error).toBe(row.error);
    });
  });

  it('checks only once until refreshed', function () {
    $httpBackend.expectGET('http://api.test/v1/profile').respond(401, {});
    auth.ready();
    auth.ready();
    $httpBackend.flush();
    $httpBackend.verifyNoOutstandingRequest();
    $httpBackend.expectGET('http://api.test/v1/profile').respond(200, { openid: 'x' });
    auth.refresh();
    $httpBackend.flush();
    expect(auth.state.isAuthenticated).toBe(true);
  });

  it('navigates to the sign-in and sign-out endpoints', function () {
    auth.signIn();
    expect($window.location.assign).toHaveBeenCalledWith('http://api.test/v1/auth/signin');
    auth.state.isAuthenticated = true;
    auth.signOut();
    expect($window.location.assign).toHaveBeenCalledWith('http://api.test/v1/auth/signout');
    expect(auth.state.isAuthenticated).toBe(false);
  });

  it('remembers a safe deep link once', function () {
    auth.rememberReturnTo('/user_results?page=2');
    expect(auth.takeReturnTo()).toBe('/user_results?page=2');
    expect(auth.takeReturnTo()).toBeNull();
    auth.rememberReturnTo('//evil.example/<script>');
    expect(auth.takeReturnTo()).toBeNull();
  });
});
