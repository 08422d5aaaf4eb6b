/**
 * modalService: opens a component in an accessible Bootstrap 5 styled modal
 * dialog (no jQuery / Bootstrap JS needed).
 *
 *   modalService.open({component: 'rsThing', resolve: {...}, size: 'lg'})
 *     -> {result: promise, close(value), dismiss(reason)}
 *
 * The component gets bindings resolve (<), close (&, `{result}`) and dismiss
 * (&, `{reason}`).  Escape and a click on the backdrop dismiss; Tab is kept
 * inside the dialog and focus returns to the opener on close.
 */
(function () {
  'use strict';

  angular
    .module('refstack.shared')
    .factory('modalService', modalService);

  modalService.$inject = ['$compile', '$document', '$q', '$rootScope', '$timeout'];

  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), ' +
    'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  var SIZES = { sm: 'modal-sm', lg: 'modal-lg', xl: 'modal-xl' };

  function modalService($compile, $document, $q, $rootScope, $timeout) {
    var openCount = 0;
    var service = {
      open: open,
    };
    return service;

    function kebab(name) {
      return name.replace(/[A-Z]/g, function dash(letter) {
        return '-' + letter.toLowerCase();
      });
    }

    function open(options) {
      var deferred = $q.defer();
      var body = angular.element($document[0].body);
      var opener = $document[0].activeElement;
      var scope = $rootScope.$new(true);
      var tag = kebab(options.component);
      var closed = false;
      scope.$resolve = options.resolve || {};

      var dialog = angular.element(
        '<div class="modal rs-modal d-block" tabindex="-1" role="dialog" aria-modal="true">' +
        '<div class="modal-dialog modal-dialog-scrollable ' + (SIZES[options.size] || '') + '">' +
        '<div class="modal-content">' +
        '<' + tag + ' resolve="$resolve" close="$close(result)" dismiss="$dismiss(reason)"></' + tag + '>' +
        '</div></div></div>');
      var backdrop = angular.element('<div class="modal-backdrop fade show"></div>');

      scope.$close = function closeModal(result) {
        finish();
        deferred.resolve(result);
      };
      scope.$dismiss = function dismissModal(reason) {
        finish();
        deferred.reject(reason === undefined ? 'dismissed' : reason);
      };

      body.append(backdrop);
      body.append(dialog);
      body.addClass('modal-open');
      openCount++;
      $compile(dialog)(scope);

      dialog.on('keydown', onKeydown);
      dialog.on('mousedown', onMousedown);
      $timeout(focusInitial, 0, false);

      var promise = deferred.promise;
      promise.catch(angular.noop);
      return {
        result: promise,
        close: scope.$close,
        dismiss: scope.$dismiss,
        element: dialog,
      };

      function focusInitial() {
        var title = dialog[0].querySelector('.modal-title');
        if (title) {
          if (!title.id) {
            title.id = 'rs-modal-title-' + scope.$id;
          }
          dialog.attr('aria-labelledby', title.id);
        }
        var modalBody = dialog[0].querySelector('.modal-body');
        var target = dialog[0].querySelector('[autofocus]') ||
          (modalBody && modalBody.querySelector(FOCUSABLE)) ||
          dialog[0].querySelector(FOCUSABLE) || dialog[0];
        target.focus();
      }

      function onKeydown(event) {
        if (event.key === 'Escape') {
          event.preventDefault();
          scope.$apply(function escape() {
            scope.$dismiss('escape');
          });
        } else if (event.key === 'Tab') {
          var items = Array.prototype.filter.call(dialog[0].querySelectorAll(FOCUSABLE), visible);
          if (!items.length) {
            event.preventDefault();
            return;
          }
          var first = items[0];
          var last = items[items.length - 1];
          if (event.shiftKey && $document[0].activeElement === first) {
            event.preventDefault();
            last.focus();
          } else if (!event.shiftKey && $document[0].activeElement === last) {
            event.preventDefault();
            first.focus();
          }
        }
      }

      function onMousedown(event) {
        if (event.target === dialog[0]) {
          scope.$apply(function backdropClick() {
            scope.$dismiss('backdrop');
          });
        }
      }

      function finish() {
        if (closed) {
          return;
        }
        closed = true;
        dialog.off('keydown', onKeydown);
        dialog.off('mousedown', onMousedown);
        scope.$destroy();
        dialog.remove();
        backdrop.remove();
        openCount--;
        if (!openCount) {
          body.removeClass('modal-open');
        }
        if (opener && opener.focus && $document[0].body.contains(opener)) {
          opener.focus();
        }
      }
    }

    function visible(element) {
      return !!(element.offsetWidth || element.offsetHeight || element.getClientRects().length);
    }
  }
})();
