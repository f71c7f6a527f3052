/* global window, document */
// Busy states (issue 18, item 9): a button or link marked `data-busy="<label>"` that starts a download
// or a long action shows that it is working (its label becomes <label>, aria-busy and aria-disabled
// are set) and cannot be pressed twice. A download leaves the page where it is, so the control comes
// back after a while; a page shown again from the back-forward cache gets its controls back at once.
// Without JavaScript the controls work as plain buttons and links.
(function () {
  'use strict';
  var RESTORE_MS = 10000;
  function isBusy(el) {
    return el.getAttribute('aria-busy') === 'true';
  }
  function restore(el) {
    if (!isBusy(el)) return;
    el.textContent = el.getAttribute('data-idle-label');
    el.removeAttribute('aria-busy');
    el.removeAttribute('aria-disabled');
    el.classList.remove('is-busy');
  }
  function markBusy(el) {
    el.setAttribute('data-idle-label', el.textContent);
    el.textContent = el.getAttribute('data-busy');
    el.setAttribute('aria-busy', 'true');
    el.setAttribute('aria-disabled', 'true');
    el.classList.add('is-busy');
    window.setTimeout(function () {
      restore(el);
    }, RESTORE_MS);
  }
  function busyIn(form) {
    var els = form.querySelectorAll('[data-busy]');
    for (var i = 0; i < els.length; i++) if (isBusy(els[i])) return true;
    var outside = form.id ? document.querySelectorAll('[data-busy][form="' + form.id + '"]') : [];
    for (var j = 0; j < outside.length; j++) if (isBusy(outside[j])) return true;
    return false;
  }
  document.addEventListener('click', function (event) {
    var el = event.target && event.target.closest ? event.target.closest('a[data-busy]') : null;
    if (!el) return;
    if (isBusy(el)) {
      event.preventDefault();
      return;
    }
    markBusy(el);
  });
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (busyIn(form)) {
      // pressed again while the first press is still working
      event.preventDefault();
      return;
    }
    if (submitter && submitter.hasAttribute('data-busy')) markBusy(submitter);
  });
  window.addEventListener('pageshow', function () {
    var els = document.querySelectorAll('[data-busy][aria-busy="true"]');
    for (var i = 0; i < els.length; i++) restore(els[i]);
  });
})();
