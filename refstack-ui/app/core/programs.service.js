/**
 * programsService: the OpenStack Powered programmes (targets) and their
 * display names, in one place.  Add-on programmes come from the keys of the
 * GET /guidelines listing, so a new add-on (e.g. "key_manager") appears
 * without code changes (ui.md §5 bug 16).
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .factory('programsService', programsService);

  var CORE = [
    { id: 'platform', name: 'OpenStack Powered Platform', platform: 'OpenStack Powered Platform' },
    { id: 'compute', name: 'OpenStack Powered Compute', platform: 'OpenStack Powered Compute' },
    { id: 'object', name: 'OpenStack Powered Object Storage', platform: 'OpenStack Powered Storage' },
  ];
  var ADDON_NAMES = {
    dns: 'OpenStack Powered with DNS',
    orchestration: 'OpenStack Powered with Orchestration',
  };
  var DEFAULT_ADDONS = ['dns', 'orchestration'];

  function programsService() {
    var service = {
      CORE: CORE,
      list: list,
      name: name,
      typeOf: typeOf,
      platformName: platformName,
      isCore: isCore,
    };
    return service;

    /**
     * Programmes for a guideline listing ({powered: [...], dns: [...], ...}).
     * Without a listing, the two add-ons the original knew are offered.
     */
    function list(guidelineIndex) {
      var addons = guidelineIndex ? Object.keys(guidelineIndex).filter(function notPowered(key) {
        return key !== 'powered' && /^[a-z][a-z0-9_-]*$/.test(key);
      }).sort() : DEFAULT_ADDONS;
      return CORE.map(function copy(program) {
        return { id: program.id, name: program.name, type: 'powered' };
      }).concat(addons.map(function addon(key) {
        return { id: key, name: name(key), type: key };
      }));
    }

    /** Display name of a target; never blank (ui.md §5 bug 4). */
    function name(target) {
      if (!target) {
        return 'None';
      }
      for (var i = 0; i < CORE.length; i++) {
        if (CORE[i].id === target) {
          return CORE[i].name;
        }
      }
      if (ADDON_NAMES[target]) {
        return ADDON_NAMES[target];
      }
      var words = String(target).replace(/[_-]+/g, ' ');
      return 'OpenStack Powered with ' + words.charAt(0).toUpperCase() + words.slice(1);
    }

    /** Guideline listing key for a target: "powered" or the add-on's own key. */
    function typeOf(target) {
      return !target || isCore(target) ? 'powered' : target;
    }

    function isCore(target) {
      return CORE.some(function match(program) {
        return program.id === target;
      });
    }

    /** Name of the schema 2.0 platform entry for a core target. */
    function platformName(target) {
      for (var i = 0; i < CORE.length; i++) {
        if (CORE[i].id === target) {
          return CORE[i].platform;
        }
      }
      return null;
    }
  }
})();
