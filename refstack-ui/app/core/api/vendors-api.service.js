/**
 * vendorsApi: vendors (organizations), their registration workflow and users.
 */
(function () {
  'use strict';

  angular
    .module('refstack.core')
    .factory('vendorsApi', vendorsApi);

  vendorsApi.$inject = ['$window', 'apiService'];

  function vendorsApi($window, apiService) {
    var service = {
      list: list,
      get: get,
      create: create,
      update: update,
      remove: remove,
      action: action,
      listUsers: listUsers,
      addUser: addUser,
      removeUser: removeUser,
      encodeOpenId: encodeOpenId,
    };
    return service;

    function path(id) {
      return '/vendors/' + encodeURIComponent(id);
    }

    function list() {
      return apiService.get('/vendors').then(function unwrap(data) {
        return data && Array.isArray(data.vendors) ? data.vendors : [];
      });
    }

    function get(id) {
      return apiService.get(path(id));
    }

    function create(name, description) {
      return apiService.post('/vendors', { name: name, description: description || '' },
        { toast: 'Could not create the vendor' });
    }

    function update(id, changes) {
      return apiService.put(path(id), changes, { toast: 'Could not update the vendor' });
    }

    function remove(id) {
      return apiService.delete(path(id), { toast: 'Could not delete the vendor' });
    }

    /** name: register | cancel | approve | deny. */
    function action(id, name, reason) {
      var body = {};
      body[name] = null;
      if (name === 'deny') {
        body.registration_decline_reason = reason;
      }
      return apiService.post(path(id) + '/action', body, { toast: 'Could not ' + name + ' the vendor' });
    }

    function listUsers(id) {
      return apiService.get(path(id) + '/users').then(function orEmpty(users) {
        return Array.isArray(users) ? users : [];
      });
    }

    /** Standard base64 of the OpenID URL (UTF-8 safe). */
    function encodeOpenId(openid) {
      var binary = '';
      new $window.TextEncoder().encode(openid).forEach(function append(byte) {
        binary += String.fromCharCode(byte);
      });
      return $window.btoa(binary);
    }

    function addUser(id, openid) {
      return apiService.put(path(id) + '/users/' + encodeURIComponent(encodeOpenId(openid)), null,
        { toast: 'Could not add the user' });
    }

    function removeUser(id, openid) {
      return apiService.delete(path(id) + '/users/' + encodeURIComponent(encodeOpenId(openid)),
        { toast: 'Could not remove the user' });
    }
  }
})();
