/**
 * profileApi: the signed-in user's public keys.
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .factory('profileApi', profileApi);

  profileApi.$inject = ['apiService'];

  function profileApi(apiService) {
    var service = {
      get: get,
      listKeys: listKeys,
      addKey: addKey,
      deleteKey: deleteKey,
    };
    return service;

    function get() {
      return apiService.get('/profile');
    }

    function listKeys() {
      return apiService.get('/profile/pubkeys');
    }

    function addKey(rawKey, selfSignature) {
      return apiService.post('/profile/pubkeys', {
        raw_key: rawKey.trim(),
        self_signature: selfSignature.trim(),
      });
    }

    function deleteKey(id) {
      return apiService.delete('/profile/pubkeys/' + encodeURIComponent(id),
        { toast: 'Could not delete the key' });
    }
  }
})();
