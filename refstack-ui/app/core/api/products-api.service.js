/**
 * productsApi: products and their versions.
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .factory('productsApi', productsApi);

  productsApi.$inject = ['apiService'];

  function productsApi(apiService) {
    var service = {
      list: list,
      get: get,
      create: create,
      update: update,
      remove: remove,
      listVersions: listVersions,
      addVersion: addVersion,
      updateVersion: updateVersion,
      removeVersion: removeVersion,
    };
    return service;

    function path(id) {
      return '/products/' + encodeURIComponent(id);
    }

    /** All visible products, or those of one vendor. */
    function list(organizationId) {
      var params = organizationId ? { organization_id: organizationId } : undefined;
      return apiService.get('/products', params).then(function unwrap(data) {
        return data && Array.isArray(data.products) ? data.products : [];
      });
    }

    function get(id) {
      return apiService.get(path(id));
    }

    function create(product) {
      return apiService.post('/products', product, { toast: 'Could not create the product' });
    }

    function update(id, changes) {
      return apiService.put(path(id), changes, { toast: 'Could not update the product' });
    }

    function remove(id) {
      return apiService.delete(path(id), { toast: 'Could not delete the product' });
    }

    function listVersions(id) {
      return apiService.get(path(id) + '/versions').then(function orEmpty(versions) {
        return Array.isArray(versions) ? versions : [];
      });
    }

    function addVersion(id, version, cpid) {
      var body = { version: version };
      if (cpid) {
        body.cpid = cpid;
      }
      return apiService.post(path(id) + '/versions', body, { toast: 'Could not add the version' });
    }

    function updateVersion(id, versionId, cpid) {
      return apiService.put(path(id) + '/versions/' + encodeURIComponent(versionId), { cpid: cpid },
        { toast: 'Could not update the version' });
    }

    function removeVersion(id, versionId) {
      return apiService.delete(path(id) + '/versions/' + encodeURIComponent(versionId),
        { toast: 'Could not delete the version' });
    }
  }
})();
