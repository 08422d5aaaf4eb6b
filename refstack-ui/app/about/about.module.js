/**
 * refstack.about: the user guide, rendered from docs/*.md at build time.
 */
(function () {
  'use strict';

  angular
    .module('refstack.about', ['ui.router', 'refstack.core', 'refstack.shared'])
    .config(aboutStates);

  aboutStates.$inject = ['$stateProvider'];

  function aboutStates($stateProvider) {
    $stateProvider.state({
      name: 'about',
      url: '/about/{section:[a-z-]*}',
      params: { section: { value: '', squash: true } },
      component: 'rsAbout',
      resolve: {
        section: ['$transition$', function sectionParam($transition$) {
          return $transition$.params().section;
        }],
      },
    });
  }
})();
