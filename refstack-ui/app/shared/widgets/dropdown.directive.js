/**
 * rs-dropdown: keyboard-accessible dropdown menu (no Bootstrap JS).
 *
 *   <li class="nav-item dropdown" rs-dropdown>
 *     <button class="nav-link dropdown-toggle" rs-dropdown-toggle>Catalog</button>
 *     <ul class="dropdown-menu"><li><a class="dropdown-item" ...></a></li></ul>
 *   </li>
 *
 * Enter/Space/ArrowDown on the toggle open the menu and focus the first item,
 * arrow keys move, Escape closes and returns focus, clicking elsewhere or
 * choosing an item closes it.
 */
(function () {
  'use strict';

  angular
    .module('refstack.shared')
    .directive('rsDropdown', rsDropdown);

  rsDropdown.$inject = ['$document'];

  var nextId = 1;

  function rsDropdown($document) {
    var directive = {
      restrict: 'A',
      link: link,
    };
    return directive;

    function link(scope, element) {
      var root = element[0];
      var toggle = root.querySelector('[rs-dropdown-toggle]');
      var menu = root.querySelector('.dropdown-menu');
      var menuId = 'rs-dropdown-' + nextId++;
      menu.id = menuId;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.setAttribute('aria-controls', menuId);
      toggle.setAttribute('aria-haspopup', 'true');

      toggle.addEventListener('click', onToggleClick);
      toggle.addEventListener('keydown', onToggleKeydown);
      menu.addEventListener('keydown', onMenuKeydown);
      menu.addEventListener('click', onMenuClick);
      $document[0].addEventListener('click', onDocumentClick);
      scope.$on('$destroy', function cleanup() {
        $document[0].removeEventListener('click', onDocumentClick);
      });

      function items() {
        return Array.prototype.slice.call(menu.querySelectorAll('.dropdown-item'));
      }

      function isOpen() {
        return menu.classList.contains('show');
      }

      function setOpen(open) {
        menu.classList.toggle('show', open);
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      }

      function onToggleClick(event) {
        event.preventDefault();
        setOpen(!isOpen());
      }

      function onToggleKeydown(event) {
        if (event.key === 'ArrowDown') {
          event.preventDefault();
          setOpen(true);
          focusItem(0);
        } else if (event.key === 'Escape') {
          setOpen(false);
        }
      }

      function onMenuKeydown(event) {
        var list = items();
        var index = list.indexOf($document[0].activeElement);
        if (event.key === 'ArrowDown') {
          event.preventDefault();
          focusItem((index + 1) % list.length);
        } else if (event.key === 'ArrowUp') {
          event.preventDefault();
          focusItem((index - 1 + list.length) % list.length);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          setOpen(false);
          toggle.focus();
        } else if (event.key === 'Tab') {
          setOpen(false);
        }
      }

      function onMenuClick() {
        setOpen(false);
      }

      function onDocumentClick(event) {
        if (isOpen() && !root.contains(event.target)) {
          setOpen(false);
        }
      }

      function focusItem(index) {
        var list = items();
        if (list[index]) {
          list[index].focus();
        }
      }
    }
  }
})();
