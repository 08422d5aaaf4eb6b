describe('programsService and toastService', function () {
  'use strict';

  beforeEach(module('refstack.core', 'refstack.templates'));

  it('lists core programmes plus add-ons from the guideline index', inject(function (programsService) {
    var ids = programsService.list({ powered: [], dns: [], key_manager: [], 'bad key!': [] }).map(function (p) { return p.id; });
    expect(ids).toEqual(['platform', 'compute', 'object', 'dns', 'key_manager']);
    expect(programsService.list().length).toBe(5);
  }));

  var names = [
    ['platform', 'OpenStack Powered Platform'],
    ['compute', 'OpenStack Powered Compute'],
    ['object', 'OpenStack Powered Object Storage'],
    ['dns', 'OpenStack Powered with DNS'],
    ['orchestration', 'OpenStack Powered with Orchestration'],
    ['key_manager', 'OpenStack Powered with Key manager'],
    [null, 'None'],
    ['', 'None'],
  ];
  names.forEach(function (row) {
    it('names ' + row[0] + ' "' + row[1] + '"', inject(function (programsService) {
      expect(programsService.name(row[0])).toBe(row[1]);
    }));
  });

  it('maps targets to listing types and platforms', inject(function (programsService) {
    expect(programsService.typeOf('compute')).toBe('powered');
    expect(programsService.typeOf(null)).toBe('powered');
    expect(programsService.typeOf('dns')).toBe('dns');
    expect(programsService.platformName('object')).toBe('OpenStack Powered Storage');
    expect(programsService.platformName('dns')).toBeNull();
  }));

  it('adds, expires and dismisses toasts', inject(function (toastService, $timeout) {
    toastService.success('ok');
    var error = toastService.error('bad');
    toastService.add('weird', 'x');
    expect(toastService.toasts.length).toBe(3);
    expect(toastService.toasts[2].type).toBe('info');
    toastService.dismiss(error);
    expect(toastService.toasts.length).toBe(2);
    $timeout.flush(6000);
    expect(toastService.toasts.length).toBe(0);
    for (var i = 0; i < 7; i++) {
      toastService.warning('w' + i);
    }
    expect(toastService.toasts.length).toBe(5);
    toastService.clear();
    expect(toastService.toasts.length).toBe(0);
  }));

  it('renders toasts as text in a live region', inject(function ($compile, $rootScope, toastService) {
    toastService.error('<img src=x onerror=alert(1)>');
    var element = $compile('<rs-toasts></rs-toasts>')($rootScope);
    $rootScope.$digest();
    expect(element.find('img').length).toBe(0);
    expect(element.text()).toContain('<img src=x');
    expect(element[0].querySelector('[aria-live]')).not.toBeNull();
    element[0].querySelector('button').click();
    expect(toastService.toasts.length).toBe(0);
  }));
});
