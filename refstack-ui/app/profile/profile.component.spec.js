describe('rsProfile and key dialogs', function () {
  'use strict';

  var $httpBackend;
  var render;
  var api;
  var modalService;
  var confirmService;
  var $q;

  beforeEach(module('refstack.profile', 'refstack.testing'));
  beforeEach(inject(function (_$httpBackend_, rsRender, rsApi, _modalService_, _confirmService_, _$q_, authService) {
    $httpBackend = _$httpBackend_;
    render = rsRender;
    api = rsApi;
    modalService = _modalService_;
    confirmService = _confirmService_;
    $q = _$q_;
    authService.state.user = { openid: 'https://openstackid.org/me', fullname: 'Me', email: 'me@x' };
  }));

  afterEach(function () {
    $httpBackend.verifyNoOutstandingExpectation();
    $httpBackend.verifyNoOutstandingRequest();
  });

  var KEY = { id: 'k1', format: 'ssh-rsa', pubkey: 'AAAAB3NzaC1yc2EAAAADAQABAAABAQC7xyz', comment: 'laptop' };

  it('shows the user, the keys and the JWT how-to', function () {
    $httpBackend.expectGET(api('/profile/pubkeys')).respond([KEY]);
    var view = render('<rs-profile></rs-profile>');
    $httpBackend.flush();
    var text = view.element.text();
    expect(text).toContain('https://openstackid.org/me');
    expect(text).toContain('AAAAB3NzaC..');
    expect(text).toContain('laptop');
    expect(text).toContain('Authorization: Bearer');
    spyOn(modalService, 'open').and.returnValue({ result: $q.resolve(true) });
    $httpBackend.expectGET(api('/profile/pubkeys')).respond([]);
    view.ctrl('rsProfile').showKey(KEY);
    $httpBackend.flush();
    expect(view.element.text()).toContain('You have no public keys yet');
    $httpBackend.expectGET(api('/profile/pubkeys')).respond(500, {});
    view.ctrl('rsProfile').importKey();
    $httpBackend.flush();
    expect(view.element.text()).toContain('Could not load your keys');
  });

  it('validates and imports a key', function () {
    var close = jasmine.createSpy('close');
    var view = render('<rs-import-key-modal resolve="{}" close="close(result)" dismiss="0"></rs-import-key-modal>', { close: close });
    var ctrl = view.ctrl('rsImportKeyModal');
    ctrl.rawKey = 'ecdsa-sha2-nistp256 AAAA';
    ctrl.save();
    expect(ctrl.validationError).toMatch(/ssh-rsa/);
    ctrl.rawKey = 'ssh-rsa AAAA me';
    ctrl.signature = 'xyz';
    ctrl.save();
    expect(ctrl.validationError).toMatch(/hexadecimal/);
    ctrl.signature = 'ab12';
    $httpBackend.expectPOST(api('/profile/pubkeys'), { raw_key: 'ssh-rsa AAAA me', self_signature: 'ab12' })
      .respond(400, { title: 'Signature verification failed', code: 400 });
    ctrl.save();
    $httpBackend.flush();
    expect(view.element.text()).toContain('Signature verification failed');
    $httpBackend.expectPOST(api('/profile/pubkeys')).respond(201, '"k2"');
    ctrl.save();
    $httpBackend.flush();
    expect(close).toHaveBeenCalledWith(true);
  });

  it('deletes a key after confirmation', function () {
    var close = jasmine.createSpy('close');
    var view = render('<rs-view-key-modal resolve="{key: key}" close="close(result)" dismiss="0"></rs-view-key-modal>',
      { close: close, key: KEY });
    expect(view.element.text()).toContain(KEY.pubkey);
    spyOn(confirmService, 'ask').and.returnValue($q.resolve(true));
    $httpBackend.expectDELETE(api('/profile/pubkeys/k1')).respond(204, '');
    view.ctrl('rsViewKeyModal').remove();
    $httpBackend.flush();
    expect(close).toHaveBeenCalledWith(true);
  });
});
