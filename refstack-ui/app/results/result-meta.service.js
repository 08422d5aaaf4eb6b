/**
 * resultMetaService: read and change a run's sharing / guideline / target
 * metadata and product association.  `save` resolves only after every
 * request has finished (ui.md §5 bug 7) and rejects with the first error.
 */
(function () {
  'use strict';

  angular
    .module('refstack.results')
    .factory('resultMetaService', resultMetaService);

  resultMetaService.$inject = ['$q', 'resultsApi', 'productsApi'];

  function resultMetaService($q, resultsApi, productsApi) {
    var service = {
      editableFrom: editableFrom,
      isShared: isShared,
      changes: changes,
      save: save,
      manageableProducts: manageableProducts,
      productLabel: productLabel,
    };
    return service;

    /** "shared" is set and not an explicit false. */
    function isShared(meta) {
      var value = meta && meta.shared;
      return !!value && String(value).toLowerCase() !== 'false' && value !== '0';
    }

    /** The editable view of a run: {shared, guideline, target, productId, productVersionId}. */
    function editableFrom(run) {
      var meta = run.meta || {};
      var version = run.product_version;
      return {
        shared: isShared(meta),
        guideline: meta.guideline || null,
        target: meta.target || null,
        productId: version && version.product_info ? version.product_info.id : null,
        productVersionId: version ? version.id : null,
      };
    }

    /** Keys whose value differs between two editable views. */
    function changes(before, after) {
      return ['shared', 'guideline', 'target', 'productVersionId'].filter(function differs(key) {
        return (before[key] || null) !== (after[key] || null);
      });
    }

    /**
     * Apply the changes one request at a time: metadata first, the product
     * association (which can move ownership of the run) last.  Resolves
     * with the changed keys once every request has finished.
     */
    function save(runId, before, after) {
      var keys = changes(before, after);
      return keys.reduce(function chain(previous, key) {
        return previous.then(function next() {
          return request(runId, key, after[key]);
        });
      }, $q.resolve()).then(function done() {
        return keys;
      });
    }

    function request(runId, key, value) {
      if (key === 'productVersionId') {
        return resultsApi.update(runId, { product_version_id: value || null });
      }
      if (key === 'shared') {
        return value ? resultsApi.setMeta(runId, 'shared', 'true') : resultsApi.deleteMeta(runId, 'shared');
      }
      return value ? resultsApi.setMeta(runId, key, value) : resultsApi.deleteMeta(runId, key);
    }

    /** Products the user may attach runs to, with their versions loaded on demand. */
    function manageableProducts() {
      return productsApi.list().then(function filter(products) {
        return products.filter(function canManage(product) {
          return product.can_manage;
        });
      });
    }

    /** "Name (version)" of a run's product_version, or null. */
    function productLabel(version) {
      if (!version || !version.product_info) {
        return null;
      }
      return version.product_info.name + (version.version ? ' (' + version.version + ')' : '');
    }
  }
})();
