describe('shared filters', function () {
  'use strict';

  beforeEach(module('refstack.shared'));

  var rows = [
    ['capitalize', 'required', 'Required'],
    ['capitalize', null, ''],
    ['shortId', '2dd2aaaa-1111-2222-3333-444455556666', '2dd2aaaa...55556666'],
    ['shortId', 'short', 'short'],
    ['shortKey', 'AAAAB3NzaC1yc2EAAAADAQABAAABAQC7', 'AAAAB3NzaC..ABAAABAQC7'],
    ['guidelineName', '2020.06.json', '2020.06'],
    ['guidelineName', null, ''],
    ['programName', 'object', 'OpenStack Powered Object Storage'],
    ['utcDate', '2020-01-02 03:04:05', '2020-01-02 03:04:05 UTC'],
    ['utcDate', '2026-11-24 19:03:31.393348', '2026-11-24 19:03:31 UTC'],
    ['utcDate', '', ''],
    ['vendorType', 0, 'OpenStack'],
    ['vendorType', 3, 'Official'],
    ['vendorType', 9, 'Unknown'],
    ['productType', 2, 'Hosted Private Cloud'],
    ['productType', 7, 'Unknown'],
    ['percent', 66.666, '66.7%'],
    ['percent', NaN, 'n/a'],
    ['percent', null, 'n/a'],
    ['orDash', '', '-'],
    ['orDash', 'x', 'x'],
  ];
  rows.forEach(function (row) {
    it(row[0] + '(' + JSON.stringify(row[1]) + ') = ' + JSON.stringify(row[2]), inject(function ($filter) {
      expect($filter(row[0])(row[1])).toBe(row[2]);
    }));
  });
});

describe('rsPagination', function () {
  'use strict';

  var $compile;
  var scope;

  beforeEach(module('refstack.shared', 'refstack.templates'));
  beforeEach(inject(function (_$compile_, $rootScope) {
    $compile = _$compile_;
    scope = $rootScope.$new();
    scope.go = jasmine.createSpy('go');
  }));

  function render(page, total) {
    scope.page = page;
    scope.total = total;
    var element = $compile('<rs-pagination page="page" total-pages="total" on-change="go(page)" label="Pages"></rs-pagination>')(scope);
    scope.$digest();
    return element;
  }

  it('shows at most five page buttons around the current page', function () {
    var element = render(7, 20);
    var labels = Array.prototype.map.call(element[0].querySelectorAll('[aria-label^="Page "]'), function (b) { return b.textContent; });
    expect(labels).toEqual(['5', '6', '7', '8', '9']);
    expect(element[0].querySelector('[aria-current="page"]').textContent).toBe('7');
    expect(element.find('nav').attr('aria-label')).toBe('Pages');
  });

  it('reports page changes but ignores the current and out-of-range pages', function () {
    var element = render(1, 3);
    element[0].querySelector('[aria-label="Next page"]').click();
    expect(scope.go).toHaveBeenCalledWith(2);
    var ctrl = element.controller('rsPagination');
    ctrl.select(1);
    ctrl.select(4);
    expect(scope.go.calls.count()).toBe(1);
  });

  it('is hidden for a single page', function () {
    expect(render(1, 1).find('nav').length).toBe(0);
    expect(render(1, 0).find('nav').length).toBe(0);
  });
});

describe('modalService and confirmService', function () {
  'use strict';

  var $rootScope;
  var $timeout;
  var modalService;
  var confirmService;

  beforeEach(module('refstack.shared', 'refstack.templates'));
  beforeEach(inject(function (_$rootScope_, _$timeout_, _modalService_, _confirmService_) {
    $rootScope = _$rootScope_;
    $timeout = _$timeout_;
    modalService = _modalService_;
    confirmService = _confirmService_;
  }));

  afterEach(function () {
    angular.element(document.querySelectorAll('.rs-modal, .modal-backdrop')).remove();
  });

  function dialog() {
    return document.querySelector('.rs-modal');
  }

  it('opens an accessible dialog, focuses it and resolves on confirm', function () {
    var result;
    confirmService.ask({ title: 'Delete?', message: 'Sure?', confirmText: 'Yes', danger: true }).then(function (r) { result = r; });
    $rootScope.$digest();
    $timeout.flush();
    expect(dialog().getAttribute('aria-modal')).toBe('true');
    expect(dialog().getAttribute('aria-labelledby')).toBeTruthy();
    expect(document.body.classList.contains('modal-open')).toBe(true);
    expect(dialog().contains(document.activeElement)).toBe(true);
    dialog().querySelector('button[type=submit]').click();
    $rootScope.$digest();
    expect(result).toBe(true);
    expect(dialog()).toBeNull();
    expect(document.body.classList.contains('modal-open')).toBe(false);
  });

  it('dismisses on Escape and on a backdrop click', function () {
    var reasons = [];
    confirmService.ask({ message: 'a' }).catch(function (r) { reasons.push(r); });
    $rootScope.$digest();
    dialog().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    $rootScope.$digest();
    var second = modalService.open({ component: 'rsConfirmModal', resolve: { options: {} } });
    second.result.catch(function (r) { reasons.push(r); });
    $rootScope.$digest();
    dialog().dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    $rootScope.$digest();
    expect(reasons).toEqual(['escape', 'backdrop']);
  });

  it('keeps Tab inside the dialog', function () {
    confirmService.ask({ message: 'a' });
    $rootScope.$digest();
    $timeout.flush();
    var buttons = dialog().querySelectorAll('button');
    var last = buttons[buttons.length - 1];
    last.focus();
    var event = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    last.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(buttons[0]);
    buttons[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true }));
    expect(document.activeElement).toBe(last);
  });

  it('requires a reason when asked for one', function () {
    var reason;
    confirmService.ask({ message: 'why', reasonLabel: 'Reason' }).then(function (r) { reason = r; });
    $rootScope.$digest();
    var ctrl = angular.element(dialog().querySelector('rs-confirm-modal')).controller('rsConfirmModal');
    ctrl.confirm();
    expect(ctrl.reasonError).toBeTruthy();
    ctrl.reason = ' spam ';
    ctrl.confirm();
    $rootScope.$digest();
    expect(reason).toBe('spam');
  });
});

describe('rsDropdown', function () {
  'use strict';

  var element;

  beforeEach(module('refstack.shared'));
  beforeEach(inject(function ($compile, $rootScope) {
    element = $compile('<div rs-dropdown><button rs-dropdown-toggle>Menu</button>' +
      '<ul class="dropdown-menu"><li><a class="dropdown-item" href="">One</a></li><li><a class="dropdown-item" href="">Two</a></li></ul></div>')($rootScope);
    document.body.appendChild(element[0]);
  }));
  afterEach(function () {
    element.remove();
  });

  function key(target, name) {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));
  }

  it('opens with ArrowDown, moves with arrows and closes with Escape', function () {
    var toggle = element[0].querySelector('button');
    var menu = element[0].querySelector('.dropdown-menu');
    var items = menu.querySelectorAll('a');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    key(toggle, 'ArrowDown');
    expect(menu.classList.contains('show')).toBe(true);
    expect(document.activeElement).toBe(items[0]);
    key(items[0], 'ArrowDown');
    expect(document.activeElement).toBe(items[1]);
    key(items[1], 'ArrowDown');
    expect(document.activeElement).toBe(items[0]);
    key(items[0], 'ArrowUp');
    expect(document.activeElement).toBe(items[1]);
    key(items[1], 'Escape');
    expect(menu.classList.contains('show')).toBe(false);
    expect(document.activeElement).toBe(toggle);
  });

  it('toggles on click and closes on outside clicks and item choice', function () {
    var toggle = element[0].querySelector('button');
    var menu = element[0].querySelector('.dropdown-menu');
    toggle.click();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    document.body.click();
    expect(menu.classList.contains('show')).toBe(false);
    toggle.click();
    menu.querySelector('a').click();
    expect(menu.classList.contains('show')).toBe(false);
    key(toggle, 'Escape');
    toggle.click();
    key(menu.querySelector('a'), 'Tab');
    expect(menu.classList.contains('show')).toBe(false);
  });
});

describe('propertiesService and rsPropertiesEditor', function () {
  'use strict';

  beforeEach(module('refstack.shared', 'refstack.templates'));

  it('converts between objects and pairs', inject(function (propertiesService) {
    var pairs = propertiesService.toPairs({ b: 1, a: 'x', skip: 'y' }, ['skip']);
    expect(pairs).toEqual([{ key: 'a', value: 'x' }, { key: 'b', value: '1' }]);
    expect(propertiesService.toObject([{ key: ' k ', value: 'v' }, { key: '', value: 'z' }, { key: 'n', value: null }]))
      .toEqual({ k: 'v', n: '' });
  }));

  it('adds and removes rows', inject(function ($compile, $rootScope) {
    var scope = $rootScope.$new();
    scope.items = [{ key: 'a', value: '1' }];
    var element = $compile('<rs-properties-editor items="items"></rs-properties-editor>')(scope);
    scope.$digest();
    var ctrl = element.controller('rsPropertiesEditor');
    ctrl.add();
    expect(scope.items.length).toBe(2);
    ctrl.remove(0);
    expect(scope.items).toEqual([{ key: '', value: '' }]);
  }));
});
