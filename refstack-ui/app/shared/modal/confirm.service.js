/**
 * confirmService.ask({title, message, confirmText, danger, reasonLabel})
 * resolves (with the typed reason when reasonLabel is given) when the user
 * confirms and rejects when they cancel.
 */
(function () {
  'use strict';

  angular
    .module('refstack.shared')
    .factory('confirmService', confirmService);

  confirmService.$inject = ['modalService'];

  function confirmService(modalService) {
    var service = {
      ask: ask,
    };
    return service;

    function ask(options) {
      return modalService.open({
        component: 'rsConfirmModal',
        resolve: { options: options },
        size: options.reasonLabel ? 'lg' : undefined,
      }).result;
    }
  }
})();
