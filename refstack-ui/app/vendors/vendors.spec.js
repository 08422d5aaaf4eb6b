describe('vendors feature', function () {
  'use strict';

  var $httpBackend;
  var render;
  var api;
  var auth;
  var confirmService;
  var modalService;
  var $q;
  var $state;

  beforeEach(module('refstack.vendors', 'refstack.testing'));
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

  var VENDORS = [
    { id: 'b', name: 'beta', type: 3, can_manage: false },
    { id: 'a', name: 'Alpha', type: 3, can_manage: true },
    { id: 'f', name: 'OpenStack Foundation', type: 0, can_manage: false },
    { id: 'p', name: 'Private Co', type: 1, can_manage: true, description: '' },
    { id: 'q', name: 'Pending Co', type: 2, can_manage: false },
  ];

  describe('vendorModel', function () {
    var rows = [
      [{ mine: false }, ['f', 'a', 'b']],
      [{ mine: true }, ['p', 'a']],
      [{ mine: true, isAdmin: true }, ['f', 'q', 'a', 'b']],
      [{ mine: true, isAdmin: true, showPrivate: true }, ['f', 'p', 'q', 'a', 'b']],
    ];
    rows.forEach(function (row) {
      it('shows ' + row[1].join(',') + ' for ' + JSON.stringify(row[0]), inject(function (vendorModel) {
        expect(vendorModel.visible(VENDORS, row[0]).map(function (v) { return v.id; })).toEqual(row[1]);
      }));
    });

    it('parses properties safely', inject(function (vendorModel) {
      expect(vendorModel.parseProperties('{"a": 1}')).toEqual({ a: 1 });
      expect(vendorModel.parseProperties('[1]')).toEqual({});
      expect(vendorModel.parseProperties('not json')).toEqual({});
      expect(vendorModel.parseProperties(null)).toEqual({});
      expect(vendorModel.parseProperties({ b: 2 })).toEqual({ b: 2 });
      expect(vendorModel.icon(3)).toBe('bi-patch-check');
      expect(vendorModel.icon(8)).toBe('bi-question-circle');
    }));
  });

  it('lists public vendors and adds a vendor on My Vendors', function () {
    $httpBackend.expectGET(api('/vendors')).respond({ vendors: VENDORS });
    var pub = render('<rs-vendors-list mine="false"></rs-vendors-list>');
    $httpBackend.flush();
    expect(pub.element[0].querySelectorAll('tbody tr').length).toBe(3);
    expect(pub.element.text()).not.toContain('Add a new vendor');

    $httpBackend.expectGET(api('/vendors')).respond({ vendors: VENDORS });
    var mine = render('<rs-vendors-list mine="true"></rs-vendors-list>');
    $httpBackend.flush();
    var ctrl = mine.ctrl('rsVendorsList');
    ctrl.add();
    expect(ctrl.formError).toBeTruthy();
    ctrl.form = { name: ' New ', description: 'd' };
    $httpBackend.expectPOST(api('/vendors'), { name: 'New', description: 'd' }).respond(201, { id: 'n' });
    $httpBackend.expectGET(api('/vendors')).respond(500, {});
    ctrl.add();
    $httpBackend.flush();
    expect(mine.element.text()).toContain('Could not load vendors');
  });

  function detail(vendor, users, isAdmin) {
    auth.state.user = { openid: 'me' };
    auth.state.isAuthenticated = true;
    auth.state.isAdmin = !!isAdmin;
    $httpBackend.expectGET(api('/vendors/v1')).respond(vendor);
    $httpBackend.expectGET(api('/products?organization_id=v1')).respond({ products: [
      { id: 'd', name: 'Distro', product_type: 0, public: true }, { id: 'c', name: 'Cloud', product_type: 1, public: false }] });
    if (vendor.can_manage) {
      $httpBackend.expectGET(api('/vendors/v1/users')).respond(users);
    }
    var view = render('<rs-vendor-detail vendor-id="\'v1\'"></rs-vendor-detail>');
    $httpBackend.flush();
    return view;
  }

  it('shows a private vendor to its member with register, edit, delete and users', function () {
    var view = detail({ id: 'v1', name: 'Acme', type: 1, can_manage: true, group_id: 'g',
      properties: '{"registration_decline_reason": "<i>nope</i>", "url": "x"}' },
    [{ openid: 'me', fullname: 'Me' }, { openid: 'other', fullname: 'Other' }]);
    var ctrl = view.ctrl('rsVendorDetail');
    var text = view.element.text();
    expect(ctrl.isMember).toBe(true);
    expect(text).toContain('Registration declined');
    expect(text).toContain('<i>nope</i>');
    expect(view.element.find('i').text()).not.toContain('nope');
    expect(text).toContain('Register with the Foundation');
    expect(text).toContain('Distro');
    expect(view.element[0].querySelectorAll('.rs-users-table tbody tr').length).toBe(2);

    spyOn(confirmService, 'ask').and.returnValue($q.resolve('why'));
    $httpBackend.expectPOST(api('/vendors/v1/action'), { register: null }).respond(200, 'null');
    $httpBackend.expectGET(api('/vendors/v1')).respond({ id: 'v1', name: 'Acme', type: 2, can_manage: true });
    $httpBackend.expectGET(api('/products?organization_id=v1')).respond({ products: [] });
    $httpBackend.expectGET(api('/vendors/v1/users')).respond([{ openid: 'me' }]);
    ctrl.register();
    $httpBackend.flush();
    expect(ctrl.vendor.type).toBe(2);
    expect(view.element.text()).toContain('Cancel registration request');

    ctrl.newUser = 'not a url';
    ctrl.addUser();
    expect(ctrl.userFormError).toBeTruthy();
    ctrl.newUser = 'https://openstackid.org/x';
    $httpBackend.expectPUT(api('/vendors/v1/users/aHR0cHM6Ly9vcGVuc3RhY2tpZC5vcmcveA%3D%3D')).respond(204, '');
    $httpBackend.expectGET(api('/vendors/v1/users')).respond([{ openid: 'me' }, { openid: 'https://openstackid.org/x' }]);
    ctrl.addUser();
    $httpBackend.flush();
    $httpBackend.expectDELETE(api('/vendors/v1/users/aHR0cHM6Ly9vcGVuc3RhY2tpZC5vcmcveA%3D%3D')).respond(204, '');
    $httpBackend.expectGET(api('/vendors/v1/users')).respond([{ openid: 'me' }]);
    ctrl.removeUser({ openid: 'https://openstackid.org/x' });
    $httpBackend.flush();

    $httpBackend.expectDELETE(api('/vendors/v1')).respond(204, '');
    ctrl.remove();
    $httpBackend.flush();
    expect($state.go).toHaveBeenCalledWith('userVendors');
  });

  it('lets a Foundation admin approve or decline a pending vendor', function () {
    var view = detail({ id: 'v1', name: 'Acme', type: 2, can_manage: true }, [{ openid: 'someone' }], true);
    var ctrl = view.ctrl('rsVendorDetail');
    expect(ctrl.isMember).toBe(false);
    expect(view.element.text()).toContain('Approve registration');
    expect(view.element.text()).not.toContain('Cancel registration request');
    spyOn(confirmService, 'ask').and.returnValue($q.resolve('Not a company'));
    $httpBackend.expectPOST(api('/vendors/v1/action'), { deny: null, registration_decline_reason: 'Not a company' }).respond(200, 'null');
    $httpBackend.expectGET(api('/vendors/v1')).respond(403, { title: 'Forbidden' });
    ctrl.deny();
    $httpBackend.flush();
    $httpBackend.expectPOST(api('/vendors/v1/action'), { approve: null }).respond(400, { title: 'Invalid organization state for this action.' });
    ctrl.approve();
    $httpBackend.flush();
    $httpBackend.expectPOST(api('/vendors/v1/action'), { cancel: null }).respond(403, {});
    ctrl.cancelRegistration();
    $httpBackend.flush();
  });

  it('shows a public vendor read-only', function () {
    var view = detail({ id: 'v1', name: 'Pub', type: 3, can_manage: false });
    expect(view.element.text()).not.toContain('Vendor users');
    expect(view.element.text()).not.toContain('Delete');
  });

  it('edits a vendor in a dialog', function () {
    var view = detail({ id: 'v1', name: 'Acme', type: 3, can_manage: true, properties: '{"registration_decline_reason": "old", "k": "v"}' }, []);
    spyOn(modalService, 'open').and.returnValue({ result: $q.resolve({}) });
    $httpBackend.expectGET(api('/vendors/v1')).respond({ id: 'v1', name: 'Acme', type: 3, can_manage: true });
    $httpBackend.expectGET(api('/products?organization_id=v1')).respond({ products: [] });
    $httpBackend.expectGET(api('/vendors/v1/users')).respond([]);
    view.ctrl('rsVendorDetail').edit();
    $httpBackend.flush();

    var close = jasmine.createSpy('close');
    var modal = render('<rs-vendor-edit-modal resolve="resolve" close="close(result)" dismiss="0"></rs-vendor-edit-modal>', {
      close: close, resolve: { vendor: { id: 'v1', name: 'Acme', type: 3, properties: '{"registration_decline_reason": "old", "k": "v"}' }, isAdmin: false } });
    var ctrl = modal.ctrl('rsVendorEditModal');
    expect(ctrl.nameLocked).toBe(true);
    expect(angular.fromJson(angular.toJson(ctrl.model.properties))).toEqual([{ key: 'k', value: 'v' }]);
    ctrl.model.name = '';
    ctrl.save();
    expect(ctrl.error.message).toMatch(/empty/);
    ctrl.model.name = 'Acme';
    ctrl.model.properties.push({ key: 'n', value: '1' });
    $httpBackend.expectPUT(api('/vendors/v1'), { description: '', properties: { k: 'v', n: '1', registration_decline_reason: 'old' } })
      .respond(500, {});
    ctrl.save();
    $httpBackend.flush();
    expect(close).not.toHaveBeenCalled();
    ctrl.model.name = 'Acme 2';
    $httpBackend.expectPUT(api('/vendors/v1'), { description: '', properties: { k: 'v', n: '1', registration_decline_reason: 'old' }, name: 'Acme 2' })
      .respond(200, { id: 'v1' });
    ctrl.save();
    $httpBackend.flush();
    expect(close).toHaveBeenCalled();
  });
});
