/**
 * vendorModel: vendor list rules and helpers (no HTTP).
 */
(function () {
  'use strict';

  angular
    .module('refstack.vendors')
    .factory('vendorModel', vendorModel);

  var TYPES = {
    FOUNDATION: 0,
    PRIVATE: 1,
    PENDING: 2,
    OFFICIAL: 3,
  };
  var ICONS = { 0: 'bi-bank', 1: 'bi-lock', 2: 'bi-hourglass-split', 3: 'bi-patch-check' };

  function vendorModel() {
    var service = {
      TYPES: TYPES,
      sort: sort,
      visible: visible,
      parseProperties: parseProperties,
      icon: icon,
    };
    return service;

    /** By type, then name (case-insensitive). */
    function sort(vendors) {
      return vendors.slice().sort(function byTypeThenName(a, b) {
        if (a.type !== b.type) {
          return a.type - b.type;
        }
        var an = (a.name || '').toLowerCase();
        var bn = (b.name || '').toLowerCase();
        return an < bn ? -1 : an > bn ? 1 : 0;
      });
    }

    /**
     * Vendors shown on a list page.
     *  public: Foundation and official vendors;
     *  mine, Foundation admin: every non-private vendor (+ private ones when asked);
     *  mine, others: the vendors the user manages.
     */
    function visible(vendors, options) {
      var result = vendors.filter(function keep(vendor) {
        if (!options.mine) {
          return vendor.type === TYPES.FOUNDATION || vendor.type === TYPES.OFFICIAL;
        }
        if (options.isAdmin) {
          return vendor.type !== TYPES.PRIVATE || options.showPrivate;
        }
        return vendor.can_manage;
      });
      return sort(result);
    }

    /** `properties` arrive as a JSON text (or null). */
    function parseProperties(value) {
      if (!value) {
        return {};
      }
      if (typeof value === 'object') {
        return value;
      }
      try {
        var parsed = JSON.parse(value);
        return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
      } catch (e) {
        return {};
      }
    }

    function icon(type) {
      return ICONS[type] || 'bi-question-circle';
    }
  }
})();
