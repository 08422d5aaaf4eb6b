/**
 * Display filters.  All return plain text; templates bind them with
 * {{ }} / ng-bind so user-supplied values are never interpreted as HTML.
 */
(function () {
  'use strict';

  var VENDOR_TYPES = { 0: 'OpenStack', 1: 'Private', 2: 'Pending Approval', 3: 'Official' };
  var PRODUCT_TYPES = { 0: 'Distro', 1: 'Public Cloud', 2: 'Hosted Private Cloud' };

  angular
    .module('refstack.shared')
    .filter('capitalize', capitalizeFilter)
    .filter('shortId', shortIdFilter)
    .filter('shortKey', shortKeyFilter)
    .filter('guidelineName', guidelineNameFilter)
    .filter('programName', programNameFilter)
    .filter('utcDate', utcDateFilter)
    .filter('vendorType', vendorTypeFilter)
    .filter('productType', productTypeFilter)
    .filter('percent', percentFilter)
    .filter('orDash', orDashFilter);

  /** "required" -> "Required". */
  function capitalizeFilter() {
    return function capitalize(text) {
      if (text === null || text === undefined) {
        return '';
      }
      text = String(text);
      return text.charAt(0).toUpperCase() + text.slice(1);
    };
  }

  /** Long ids as "first8...last8". */
  function shortIdFilter() {
    return function shortId(id) {
      id = id ? String(id) : '';
      return id.length > 19 ? id.slice(0, 8) + '...' + id.slice(-8) : id;
    };
  }

  /** Public keys as "first10..last10". */
  function shortKeyFilter() {
    return function shortKey(key) {
      key = key ? String(key) : '';
      return key.length > 24 ? key.slice(0, 10) + '..' + key.slice(-10) : key;
    };
  }

  /** "2020.06.json" -> "2020.06"; "dns.2020.06.json" -> "dns.2020.06". */
  function guidelineNameFilter() {
    return function guidelineName(file) {
      return file ? String(file).replace(/\.json$/, '') : '';
    };
  }

  programNameFilter.$inject = ['programsService'];

  function programNameFilter(programsService) {
    return function programName(target) {
      return programsService.name(target);
    };
  }

  /** Server timestamps are naive UTC "YYYY-MM-DD HH:MM:SS[.ffffff]". */
  function utcDateFilter() {
    return function utcDate(value) {
      if (!value) {
        return '';
      }
      return String(value).replace('T', ' ').replace(/\.\d+$/, '').replace(/Z$/, '') + ' UTC';
    };
  }

  function vendorTypeFilter() {
    return function vendorType(type) {
      return Object.prototype.hasOwnProperty.call(VENDOR_TYPES, type) ? VENDOR_TYPES[type] : 'Unknown';
    };
  }

  function productTypeFilter() {
    return function productType(type) {
      return Object.prototype.hasOwnProperty.call(PRODUCT_TYPES, type) ? PRODUCT_TYPES[type] : 'Unknown';
    };
  }

  /** Percentages with one decimal; "n/a" instead of NaN (ui.md §5 bug 8). */
  function percentFilter() {
    return function percent(value) {
      if (typeof value !== 'number' || !isFinite(value)) {
        return 'n/a';
      }
      var rounded = Math.round(value * 10) / 10;
      return rounded + '%';
    };
  }

  function orDashFilter() {
    return function orDash(value) {
      return value === null || value === undefined || value === '' ? '-' : value;
    };
  }
})();
