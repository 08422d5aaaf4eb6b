/**
 * resultsApi: test runs (GET/PUT/DELETE /results, metadata, report).
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .factory('resultsApi', resultsApi);

  resultsApi.$inject = ['$q', 'apiService', 'toastService'];

  var META_KEYS = ['shared', 'guideline', 'target'];

  function resultsApi($q, apiService, toastService) {
    var service = {
      list: list,
      get: get,
      report: report,
      update: update,
      remove: remove,
      setMeta: setMeta,
      deleteMeta: deleteMeta,
    };
    return service;

    /**
     * One page of runs.  filters: {page, startDate, endDate (yyyy-MM-dd),
     * cpid, signed, productId, verified}.
     */
    function list(filters) {
      filters = filters || {};
      var params = { page: filters.page || 1 };
      if (filters.startDate) {
        params.start_date = filters.startDate + ' 00:00:00';
      }
      if (filters.endDate) {
        params.end_date = filters.endDate + ' 23:59:59';
      }
      if (filters.cpid) {
        params.cpid = filters.cpid;
      }
      if (filters.productId) {
        params.product_id = filters.productId;
      }
      if (filters.verified === '0' || filters.verified === '1') {
        params.verification_status = filters.verified;
      }
      if (filters.signed) {
        // The server treats the parameter as a flag (presence only).
        params.signed = 'true';
      }
      return apiService.get('/results', params);
    }

    function get(id) {
      return apiService.get('/results/' + encodeURIComponent(id));
    }

    /** Server-side scoring report (may not exist on older servers). */
    function report(id, guideline, target) {
      return apiService.get('/results/' + encodeURIComponent(id) + '/report',
        { guideline: guideline, target: target });
    }

    /** PUT {product_version_id} and/or {verification_status}. */
    function update(id, changes) {
      return apiService.put('/results/' + encodeURIComponent(id), changes,
        { toast: 'Could not update the test run' });
    }

    function remove(id) {
      return apiService.delete('/results/' + encodeURIComponent(id),
        { toast: 'Could not delete the test run' });
    }

    function metaPath(id, key) {
      if (META_KEYS.indexOf(key) < 0) {
        throw new Error('Unsupported metadata key: ' + key);
      }
      return '/results/' + encodeURIComponent(id) + '/meta/' + key;
    }

    /** The body is stored verbatim by the server: send the bare value. */
    function setMeta(id, key, value) {
      return apiService.post(metaPath(id, key), String(value), {
        headers: { 'Content-Type': 'text/plain' },
        toast: 'Could not save "' + key + '"',
      });
    }

    /** A 404 (key already absent) counts as success. */
    function deleteMeta(id, key) {
      return apiService.delete(metaPath(id, key)).catch(function absent(error) {
        if (error.status === 404) {
          return null;
        }
        toastService.error('Could not clear "' + key + '": ' + error.message);
        return $q.reject(error);
      });
    }
  }
})();
