describe('auth guard (deep links survive a reload)', function () {
  'use strict';

  var $httpBackend;
  var $state;
  var $location;
  var $rootScope;

  beforeEach(module('refstack.core', function ($stateProvider) {
    $stateProvider
      .state({ name: 'home', url: '/', template: '<p>home</p>' })
      .state({ name: 'private', url: '/private?x', template: '<p>private</p>', data: { requiresAuth: true } })
      .state({ name: 'signinRequired', url: '/signin_required?returnTo', template: '<p>sign in</p>' });
  }));
  beforeEach(inject(function (_$httpBackend_, _$state_, _$location_, _$rootScope_) {
    $httpBackend = _$httpBackend_;
    $state = _$state_;
    $location = _$location_;
    $rootScope = _$rootScope_;
    window.sessionStorage.clear();
  }));

  it('waits for the sign-check and keeps a signed-in user on the page', function () {
    $httpBackend.expectGET('http://api.test/v1/profile').respond(200, { openid: 'me' });
    $state.go('private', { x: '1' });
    $rootScope.$digest();
    expect($state.current.name).not.toBe('private');
    $httpBackend.flush();
    expect($state.current.name).toBe('private');
  });

  it('sends anonymous users to the sign-in page with the deep link', function () {
    $httpBackend.expectGET('http://api.test/v1/profile').respond(401, {});
    $state.go('private', { x: '2' });
    $httpBackend.flush();
    expect($state.current.name).toBe('signinRequired');
    expect($state.params.returnTo).toBe('/private?x=2');
  });

  it('restores a remembered deep link after signing in', inject(function (authService) {
    window.sessionStorage.setItem('refstack.returnTo', '/private?x=3');
    $location.url('/');
    $httpBackend.expectGET('http://api.test/v1/profile').respond(200, { openid: 'me' });
    authService.refresh();
    $httpBackend.flush();
    expect($location.url()).toBe('/private?x=3');
  }));
});
