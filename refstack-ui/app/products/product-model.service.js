/**
 * productModel: product list rules and helpers (no HTTP).
 */
(function () {
  'use strict';

  angular
    .module('refstack.products')
    .factory('productModel', productModel);

  var TYPES = [
    { id: 0, name: 'Distro' },
    { id: 1, name: 'Public Cloud' },
    { id: 2, name: 'Hosted Private Cloud' },
  ];

  function productModel() {
    var service = {
      TYPES: TYPES,
      visible: visible,
      stateFor: stateFor,
      defaultVersion: defaultVersion,
      namedVersions: namedVersions,
    };
    return service;

    /**
     *  public: public products;
     *  mine, Foundation admin: public products (+ private ones when asked);
     *  mine, others: products the user manages.
     */
    function visible(products, options) {
      return products.filter(function keep(product) {
        if (!options.mine) {
          return product.public;
        }
        if (options.isAdmin) {
          return product.public || options.showPrivate;
        }
        return product.can_manage;
      }).sort(function byName(a, b) {
        var an = (a.name || '').toLowerCase();
        var bn = (b.name || '').toLowerCase();
        return an < bn ? -1 : an > bn ? 1 : 0;
      });
    }

    /** Router state of a product page: distro for type 0, else cloud. */
    function stateFor(product) {
      return product && product.product_type === 0 ? 'distro' : 'cloud';
    }

    /** The implicit version (version null) that carries the product's cpid. */
    function defaultVersion(versions) {
      return (versions || []).filter(function unnamed(v) {
        return v.version === null || v.version === '';
      })[0] || null;
    }

    function namedVersions(versions) {
      return (versions || []).filter(function named(v) {
        return v.version !== null && v.version !== '';
      }).sort(function byVersion(a, b) {
        return String(a.version).localeCompare(String(b.version), undefined, { numeric: true });
      });
    }
  }
})();
