/**
 * refstack.home: the landing page.
 */
(function () {
  'use strict';

  angular
    .module('refstack.home', ['ui.router', 'refstack.core', 'refstack.shared'])
    .config(homeStates);

  homeStates.$inject = ['$stateProvider'];

  function homeStates($stateProvider) {
    $stateProvider.state({
      name: 'home',
      url: '/',
      component: 'rsHome',
      data: { title: 'Home' },
    });
  }
})();
