/**
 * guidelineModel: pure functions over interop guideline documents (schemas
 * 1.2 to 2.0, see ui.md §2.3.1 and guidelines.md).  Used by the guideline
 * browser and by the client-side scoring of the result report.
 */
(function () {
  'use strict';

  angular
    .module('refstack.guidelines')
    .factory('guidelineModel', guidelineModel);

  guidelineModel.$inject = ['programsService'];

  var STATUSES = ['required', 'advisory', 'deprecated', 'removed'];
  var SUPPORTED_SCHEMAS = ['1.2', '1.3', '1.4', '1.5', '1.6', '2.0'];
  var DATED = /^(?:[a-z]+\.)?\d{4}\.\d{2}\.json$/;

  function guidelineModel(programsService) {
    var service = {
      STATUSES: STATUSES,
      schemaOf: schemaOf,
      isSupportedSchema: isSupportedSchema,
      statusOf: statusOf,
      releasesOf: releasesOf,
      criteriaOf: criteriaOf,
      capabilityStatuses: capabilityStatuses,
      testsOf: testsOf,
      capabilitiesFor: capabilitiesFor,
      sortVersions: sortVersions,
      defaultVersion: defaultVersion,
      pickVersion: pickVersion,
    };
    return service;

    /** metadata.schema when it is >= "2.0" (string comparison), else `schema`. */
    function schemaOf(doc) {
      if (doc && doc.metadata && typeof doc.metadata.schema === 'string' && doc.metadata.schema >= '2.0') {
        return doc.metadata.schema;
      }
      return doc && doc.schema !== undefined ? String(doc.schema) : undefined;
    }

    function isSupportedSchema(schema) {
      return SUPPORTED_SCHEMAS.indexOf(schema) >= 0;
    }

    function isV2(doc) {
      return schemaOf(doc) >= '2.0';
    }

    function statusOf(doc) {
      if (isV2(doc)) {
        return doc.metadata.os_trademark_approval && doc.metadata.os_trademark_approval.status;
      }
      return doc.status;
    }

    function releasesOf(doc) {
      var releases = isV2(doc) ? doc.metadata.os_trademark_approval &&
        doc.metadata.os_trademark_approval.releases : doc.releases;
      return Array.isArray(releases) ? releases : [];
    }

    /** [{id, name, description, weight}] from criteria (1.x) or metadata.scoring.criteria (2.0). */
    function criteriaOf(doc) {
      var criteria = isV2(doc) ? doc.metadata.scoring && doc.metadata.scoring.criteria : doc.criteria;
      return Object.keys(criteria || {}).sort().map(function toCriterion(id) {
        var item = criteria[id] || {};
        return {
          id: id,
          name: item.name || id,
          description: item.description || item.Description || '',
          weight: item.weight,
        };
      });
    }

    /** Component names (and their status lists) that make up `target`. */
    function componentsFor(doc, target) {
      var names;
      if (isV2(doc)) {
        if (doc.platforms && programsService.isCore(target)) {
          var platform = doc.platforms[programsService.platformName(target)];
          names = platform && Array.isArray(platform.components) ? platform.components.map(function name(c) {
            return c.name;
          }) : [];
        } else if (doc['add-ons'] && !programsService.isCore(target)) {
          names = ['os_powered_' + target];
        } else {
          names = [];
        }
        return names.filter(function exists(name) {
          return doc.components && doc.components[name];
        }).map(function lists(name) {
          return doc.components[name].capabilities || {};
        });
      }
      if (target === 'platform') {
        names = doc.platform && Array.isArray(doc.platform.required) ? doc.platform.required : [];
      } else {
        names = [target];
      }
      return names.filter(function exists(name) {
        return doc.components && doc.components[name];
      }).map(function lists(name) {
        return doc.components[name];
      });
    }

    /**
     * {capabilityId: status} for a target; when a capability is listed under
     * several components/statuses the strongest status wins.
     * Throws when the document has nothing for that target.
     */
    function capabilityStatuses(doc, target) {
      var components = componentsFor(doc, target);
      if (!components.length) {
        throw new Error('This guideline has no capabilities for the ' + programsService.name(target) +
          ' programme');
      }
      var result = {};
      components.forEach(function merge(component) {
        STATUSES.forEach(function eachStatus(status) {
          (component[status] || []).forEach(function assign(capId) {
            var current = result[capId];
            if (!current || STATUSES.indexOf(status) < STATUSES.indexOf(current)) {
              result[capId] = status;
            }
          });
        });
      });
      return result;
    }

    /**
     * Tests of one capability: [{name, flagged, flagReason, aliases, idempotentId}].
     * A capability missing from `capabilities` has no tests.
     */
    function testsOf(doc, capId) {
      var schema = schemaOf(doc);
      if (!isSupportedSchema(schema)) {
        throw new Error('Guideline schema version ' + schema + ' is not supported');
      }
      var capability = doc.capabilities && doc.capabilities[capId];
      if (!capability || !capability.tests) {
        return [];
      }
      if (schema === '1.2') {
        var flagged = Array.isArray(capability.flagged) ? capability.flagged : [];
        return (Array.isArray(capability.tests) ? capability.tests : []).map(function plain(name) {
          return {
            name: name,
            flagged: flagged.indexOf(name) >= 0,
            flagReason: null,
            aliases: [],
            idempotentId: null,
          };
        });
      }
      return Object.keys(capability.tests).map(function detailed(name) {
        var test = capability.tests[name] || {};
        var flag = test.flagged;
        return {
          name: name,
          flagged: Object.prototype.hasOwnProperty.call(test, 'flagged'),
          flagReason: flag && typeof flag === 'object' ? flag.reason || null : null,
          aliases: Array.isArray(test.aliases) ? test.aliases : [],
          idempotentId: test.idempotent_id || null,
        };
      });
    }

    /**
     * Capabilities of a target sorted by id: [{id, status, description,
     * project, achievements, tests}].
     */
    function capabilitiesFor(doc, target) {
      var statuses = capabilityStatuses(doc, target);
      return Object.keys(statuses).sort().map(function build(capId) {
        var capability = (doc.capabilities && doc.capabilities[capId]) || {};
        var achievements = capability.achievements || capability.acheivements || [];
        return {
          id: capId,
          status: statuses[capId],
          description: capability.description || capability.descriptin || '',
          project: capability.project || null,
          achievements: Array.isArray(achievements) ? achievements : [],
          tests: testsOf(doc, capId),
          missing: !(doc.capabilities && doc.capabilities[capId]),
        };
      });
    }

    /** Copy of a listing sorted by name, newest first. */
    function sortVersions(list) {
      return (list || []).slice().sort(function byNameDesc(a, b) {
        return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
      });
    }

    /**
     * The newest dated guideline ("YYYY.MM.json"), not a fixed index
     * (ui.md §5 bug 3); the first entry when nothing is dated.
     */
    function defaultVersion(list) {
      var sorted = sortVersions(list);
      for (var i = 0; i < sorted.length; i++) {
        if (DATED.test(sorted[i].name)) {
          return sorted[i];
        }
      }
      return sorted[0] || null;
    }

    /** The entry named (or filed as) `wanted`, else the default (ui.md §5 bug 5). */
    function pickVersion(list, wanted) {
      if (wanted) {
        var withJson = /\.json$/.test(wanted) ? wanted : wanted + '.json';
        for (var i = 0; i < (list || []).length; i++) {
          if (list[i].name === withJson || list[i].file === withJson) {
            return list[i];
          }
        }
      }
      return defaultVersion(list);
    }
  }
})();
