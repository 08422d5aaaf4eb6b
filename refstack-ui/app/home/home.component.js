/**
 * <rs-home>: static introduction to RefStack and the interop programmes.
 */
(function () {
  'use strict';

  angular
    .module('refstack.home')
    .component('rsHome', {
      templateUrl: 'home/home.html',
      controllerAs: 'ctrl',
      controller: HomeController,
    });

  HomeController.$inject = ['programsService'];

  function HomeController(programsService) {
    var ctrl = this;
    ctrl.$onInit = onInit;

    function onInit() {
      ctrl.programs = programsService.list();
    }
  }
})();
