describe('page chrome, home, about and auth pages', function () {
  'use strict';

  var render;
  var auth;
  var $httpBackend;

  beforeEach(module('refstack', 'refstack.testing'));
  beforeEach(inject(function (rsRender, authService, _$httpBackend_) {
    render = rsRender;
    auth = authService;
    $httpBackend = _$httpBackend_;
    $httpBackend.whenGET('http://api.test/v1/profile').respond(401, {});
  }));

  it('shows the sign-in link to anonymous users and member links after sign-in', function () {
    var view = render('<rs-header></rs-header>');
    auth.state.checked = true;
    view.scope.$digest();
    expect(view.element.text()).toContain('Sign In / Sign Up');
    expect(view.element.text()).not.toContain('My Results');
    expect(view.element[0].querySelector('a[href="http://api.test/v1/auth/signin"]')).not.toBeNull();
    auth.state.isAuthenticated = true;
    auth.state.isAdmin = true;
    view.scope.$digest();
    expect(view.element.text()).toContain('My Results');
    expect(view.element.text()).toContain('Admin');
    var ctrl = view.ctrl('rsHeader');
    ctrl.toggleNav();
    expect(ctrl.navOpen).toBe(true);
    expect(ctrl.isActive('nowhere')).toBe(false);
    spyOn(auth, 'signOut');
    ctrl.signOut({ preventDefault: angular.noop });
    expect(auth.signOut).toHaveBeenCalled();
  });

  it('remembers the current page before signing in', inject(function ($location) {
    var view = render('<rs-header></rs-header>');
    $location.url('/user_results?page=2');
    spyOn(auth, 'rememberReturnTo');
    view.ctrl('rsHeader').signIn();
    expect(auth.rememberReturnTo).toHaveBeenCalledWith('/user_results?page=2');
    $location.url('/auth_failure?message=x');
    view.ctrl('rsHeader').signIn();
    expect(auth.rememberReturnTo.calls.count()).toBe(1);
  }));

  it('renders the shell with a configuration warning', inject(function (refstackConfig) {
    refstackConfig.configError = 'config.json could not be loaded (HTTP 404)';
    var view = render('<rs-app-shell></rs-app-shell>');
    $httpBackend.flush();
    expect(view.element.text()).toContain('Configuration problem');
    expect(view.element.text()).toContain('HTTP 404');
    refstackConfig.configError = null;
    var main = document.createElement('main');
    main.id = 'rs-main';
    main.innerHTML = '<h1>Title</h1>';
    document.body.appendChild(main);
    view.ctrl('rsAppShell').skipToMain({ preventDefault: angular.noop });
    expect(document.activeElement.textContent).toBe('Title');
    main.remove();
  }));

  it('shows the home page programmes', function () {
    var view = render('<rs-home></rs-home>');
    expect(view.element.text()).toContain('OpenStack Powered Object Storage');
    expect(view.element.text()).toContain('OpenStack Powered with Orchestration');
  });

  it('renders bundled user guide sections and legacy #section links', inject(function ($location) {
    var view = render('<rs-about section="\'vendors-and-products\'"></rs-about>');
    expect(view.element.find('h1').text()).toBe('Vendors and Products');
    expect(view.element.text()).toContain('Pending Approval');
    $location.hash('managing-results');
    var legacy = render('<rs-about section="\'\'"></rs-about>');
    expect(legacy.element.find('h1').text()).toBe('Managing Results');
    $location.hash('');
    var fallback = render('<rs-about section="\'nope\'"></rs-about>');
    expect(fallback.element.find('h1').text()).toBe('About RefStack');
  }));

  it('shows an authentication failure message as text only', function () {
    var view = render('<rs-auth-failure message="message"></rs-auth-failure>', { message: '<img src=x onerror="window.pwned=1">' + new Array(400).join('a') });
    expect(view.element.find('img').length).toBe(0);
    expect(view.element.text()).toContain('<img src=x');
    expect(view.ctrl('rsAuthFailure').text.length).toBe(301);
    var empty = render('<rs-auth-failure message="undefined"></rs-auth-failure>');
    expect(empty.element.text()).toContain('did not sign you in');
  });

  it('confirms sign-out and only links http(s) identity-provider logout URLs', function () {
    var view = render('<rs-logout idp-logout-url="url"></rs-logout>', { url: 'https://idp.example/logout' });
    $httpBackend.flush();
    expect(view.element[0].querySelector('a[href="https://idp.example/logout"]')).not.toBeNull();
    var bad = render('<rs-logout idp-logout-url="url"></rs-logout>', { url: 'javascript:alert(1)' });
    $httpBackend.flush();
    expect(bad.ctrl('rsLogout').idpUrl).toBeNull();
  });

  it('offers sign-in on members-only pages and remembers the target', function () {
    spyOn(auth, 'rememberReturnTo');
    var view = render('<rs-signin-required return-to="\'/profile\'"></rs-signin-required>');
    expect(view.element.text()).toContain('Please sign in');
    view.ctrl('rsSigninRequired').signIn();
    expect(auth.rememberReturnTo).toHaveBeenCalledWith('/profile');
  });
});
