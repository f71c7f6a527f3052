/* global window, document */
// Never lose what was typed (issue 18, item 1).
//
// 1. A warning a few minutes before the session's idle expiry, with "stay signed in": the layout
//    carries the idle time (data-idle-seconds on #session-warning); "stay signed in" asks the server
//    for the home page, which counts as activity, and the countdown starts again.
// 2. Long forms (data-draft="<name>": intake, risk assessment, counseling session, safety plan,
//    conference, consent, referral) are copied into this tab's sessionStorage when submitted. If the
//    answer is the "please sign in" page (the session ended), the copy is kept and the page's sign-in
//    link leads back to the form, where the copy is put back into the fields and removed. Any other
//    answer removes the copy at once. Never in a URL, a cookie or a log; passwords, files, hidden
//    fields and the CSRF token are never copied. sessionStorage ends with the tab, and the logout's
//    Clear-Site-Data empties it.
(function () {
  'use strict';
  var KEY = 'lentera.draft';
  var MAX_AGE_MS = 2 * 60 * 60 * 1000;
  var store;
  try {
    store = window.sessionStorage;
  } catch (e) {
    store = null;
  }

  function read() {
    if (!store) return null;
    try {
      return JSON.parse(store.getItem(KEY) || 'null');
    } catch (e) {
      return null;
    }
  }
  function write(draft) {
    if (!store) return;
    try {
      store.setItem(KEY, JSON.stringify(draft));
    } catch (e) {
      /* storage full or refused: nothing kept */
    }
  }
  function drop() {
    if (store) store.removeItem(KEY);
  }
  var KEPT_TYPES = /^(text|search|tel|email|number|date|datetime-local|time|month|url|radio|checkbox)$/;
  function keptControls(form) {
    var out = [];
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name || el.name === '_csrf' || el.disabled) continue;
      var tag = el.tagName.toLowerCase();
      if (tag === 'textarea' || tag === 'select' || (tag === 'input' && KEPT_TYPES.test(el.type))) out.push(el);
    }
    return out;
  }
  function snapshot(form) {
    return keptControls(form).map(function (el) {
      if (el.type === 'radio' || el.type === 'checkbox') return { n: el.name, v: el.value, c: el.checked };
      if (el.tagName.toLowerCase() === 'select' && el.multiple) {
        var values = [];
        for (var i = 0; i < el.options.length; i++) if (el.options[i].selected) values.push(el.options[i].value);
        return { n: el.name, m: values };
      }
      return { n: el.name, v: el.value };
    });
  }
  function restore(form, fields) {
    var controls = keptControls(form);
    var used = {};
    fields.forEach(function (f) {
      for (var i = 0; i < controls.length; i++) {
        var el = controls[i];
        if (el.name !== f.n || used[i]) continue;
        if (el.type === 'radio' || el.type === 'checkbox') {
          if (el.value !== f.v) continue;
          el.checked = !!f.c;
        } else if (f.m) {
          for (var j = 0; j < el.options.length; j++) el.options[j].selected = f.m.indexOf(el.options[j].value) >= 0;
        } else el.value = f.v;
        used[i] = true;
        el.dispatchEvent(new window.Event('change', { bubbles: true }));
        break;
      }
    });
  }
  function here() {
    return window.location.pathname + window.location.search;
  }

  // --- keep a copy of a long form when it is sent
  document.addEventListener(
    'submit',
    function (event) {
      var form = event.target;
      if (!form || !form.hasAttribute || !form.hasAttribute('data-draft')) return;
      write({ page: here(), form: form.getAttribute('data-draft'), at: Date.now(), state: 'sent', fields: snapshot(form) });
    },
    true,
  );

  function onLoad() {
    var draft = read();
    var expired = document.getElementById('session-expired');
    if (draft && Date.now() - draft.at > MAX_AGE_MS) {
      drop();
      draft = null;
    }
    if (expired) {
      // the answer to a form sent after the session ended
      if (draft && draft.state === 'sent') {
        draft.state = 'interrupted';
        write(draft);
      }
      if (draft && draft.state === 'interrupted') {
        var link = document.getElementById('login-again');
        if (link) link.setAttribute('href', '/login?next=' + encodeURIComponent(draft.page));
        var kept = document.getElementById('draft-kept');
        if (kept) kept.hidden = false;
      }
    } else if (draft && draft.state === 'interrupted') {
      var form = document.querySelector('form[data-draft="' + draft.form + '"]');
      if (form && here() === draft.page) {
        restore(form, draft.fields);
        drop();
        var notice = document.getElementById('draft-restored');
        if (notice) {
          // styled as a flash only when shown (pages and tests read the first .flash as theirs)
          notice.className = 'flash flash--info';
          notice.hidden = false;
        }
        var details = form.closest ? form.closest('details') : null;
        if (details) details.open = true;
        form.scrollIntoView();
      }
      // elsewhere (the sign-in page, the home page): kept until the form is reached
    } else if (draft) drop(); // the form was answered: nothing to keep
    startWarning();
  }

  // --- the idle warning
  function startWarning() {
    var box = document.getElementById('session-warning');
    if (!box) return;
    var idle = Number(box.getAttribute('data-idle-seconds')) || 0;
    if (!idle) return;
    var lead = Math.min(180, Math.floor(idle / 3));
    var timer = null;
    function arm() {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        box.hidden = false;
        var stay = document.getElementById('session-stay');
        if (stay) stay.focus();
      }, (idle - lead) * 1000);
    }
    var stay = document.getElementById('session-stay');
    if (stay)
      stay.addEventListener('click', function () {
        stay.setAttribute('aria-busy', 'true');
        window
          .fetch('/', { credentials: 'same-origin', headers: { Accept: 'text/html' } })
          .then(function (res) {
            stay.removeAttribute('aria-busy');
            if (res.redirected && /\/login/.test(res.url)) {
              var ended = document.getElementById('session-ended');
              if (ended) ended.hidden = false;
              stay.hidden = true;
              return;
            }
            box.hidden = true;
            arm();
          })
          .catch(function () {
            stay.removeAttribute('aria-busy');
          });
      });
    arm();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onLoad);
  else onLoad();
})();
