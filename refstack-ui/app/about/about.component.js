/**
 * <rs-about section="...">: side menu + one user-guide page.  Each section
 * has its own URL (/about/<section>); the original's /about#<section> links
 * still work.
 */
(function () {
  'use strict';

  angular
    .module('refstack.about')
    .component('rsAbout', {
      templateUrl: 'about/about.html',
      controllerAs: 'ctrl',
      bindings: { section: '<' },
      controller: AboutController,
    });

  AboutController.$inject = ['$location', '$state'];

  var SECTIONS = [
    { key: 'about', title: 'About RefStack' },
    { key: 'uploading-your-results', title: 'Uploading Your Results' },
    { key: 'managing-results', title: 'Managing Results' },
    { key: 'vendors-and-products', title: 'Vendors and Products' },
    { key: 'api-tokens', title: 'Signing Keys and API Tokens' },
  ];

  function AboutController($location, $state) {
    var ctrl = this;
    ctrl.sections = SECTIONS;
    ctrl.$onInit = onInit;
    ctrl.isCurrent = isCurrent;

    function onInit() {
      var legacy = $location.hash();
      var wanted = ctrl.section || legacy || 'about';
      ctrl.current = find(wanted) || SECTIONS[0];
      if (!ctrl.section && legacy && find(legacy)) {
        $state.go('about', { section: legacy }, { location: 'replace' });
      }
      ctrl.templateUrl = 'about/docs/' + ctrl.current.key + '.html';
    }

    function find(key) {
      for (var i = 0; i < SECTIONS.length; i++) {
        if (SECTIONS[i].key === key) {
          return SECTIONS[i];
        }
      }
      return null;
    }

    function isCurrent(section) {
      return ctrl.current === section;
    }
  }
})();
