/**
 * <rs-properties-editor items="ctrl.properties" label="Properties">:
 * edit a list of {key, value} pairs in place (add / remove rows).
 * Helpers toPairs/toObject live in propertiesService.
 */
(function () {
  'use strict';

  angular
    .module('refstack.shared')
    .component('rsPropertiesEditor', {
      templateUrl: 'shared/widgets/properties-editor.html',
      controllerAs: 'ctrl',
      bindings: { items: '<', label: '@' },
      controller: PropertiesEditorController,
    })
    .factory('propertiesService', propertiesService);

  function PropertiesEditorController() {
    var ctrl = this;
    ctrl.add = function add() {
      ctrl.items.push({ key: '', value: '' });
    };
    ctrl.remove = function remove(index) {
      ctrl.items.splice(index, 1);
    };
  }

  function propertiesService() {
    var service = {
      toPairs: toPairs,
      toObject: toObject,
    };
    return service;

    function toPairs(object, skip) {
      return Object.keys(object || {}).filter(function keep(key) {
        return (skip || []).indexOf(key) < 0;
      }).sort().map(function pair(key) {
        var value = object[key];
        return { key: key, value: typeof value === 'string' ? value : JSON.stringify(value) };
      });
    }

    /** Pairs with an empty key are dropped; later keys win. */
    function toObject(pairs) {
      var result = {};
      (pairs || []).forEach(function add(pair) {
        var key = (pair.key || '').trim();
        if (key) {
          result[key] = pair.value === undefined || pair.value === null ? '' : String(pair.value);
        }
      });
      return result;
    }
  }
})();
