/* global document */
// Fields required only under a condition get `required` and `aria-required` while it holds, so the
// browser refuses an incomplete form before it is sent (the intake form: before the duplicate check).
// The server checks the same rules; without JavaScript the form is checked there.
//   data-required-if="unchecked:ID"      required while the checkbox #ID is not checked
//   data-required-if="value:ID=VALUE"    required while #ID has that value
//   data-required-if="filled:fieldset"   required while another field of its fieldset has a value
//   data-required-one="MESSAGE"          (a fieldset of checkboxes) at least one must be checked
(function () {
  'use strict';
  var conditional = Array.prototype.slice.call(document.querySelectorAll('[data-required-if]'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('[data-required-one]'));
  if (!conditional.length && !groups.length) return;

  function holds(el) {
    var rule = el.getAttribute('data-required-if');
    var colon = rule.indexOf(':');
    var kind = rule.slice(0, colon);
    var arg = rule.slice(colon + 1);
    if (kind === 'unchecked') {
      var box = document.getElementById(arg);
      return !!box && !box.checked;
    }
    if (kind === 'value') {
      var eq = arg.indexOf('=');
      var source = document.getElementById(arg.slice(0, eq));
      return !!source && source.value === arg.slice(eq + 1);
    }
    if (kind === 'filled') {
      var box2 = el.closest(arg);
      if (!box2) return false;
      var others = box2.querySelectorAll('input, select, textarea');
      for (var i = 0; i < others.length; i++) {
        var o = others[i];
        if (o === el || o.type === 'hidden') continue;
        if ((o.type === 'checkbox' || o.type === 'radio') ? o.checked : o.value.trim() !== '') return true;
      }
      return false;
    }
    return false;
  }

  function update() {
    conditional.forEach(function (el) {
      var on = holds(el);
      el.required = on;
      el.setAttribute('aria-required', on ? 'true' : 'false');
    });
    groups.forEach(function (group) {
      var boxes = group.querySelectorAll('input[type=checkbox]');
      if (!boxes.length) return;
      var any = false;
      for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) any = true;
      boxes[0].setCustomValidity(any ? '' : group.getAttribute('data-required-one') || ' ');
    });
  }

  document.addEventListener('change', update);
  document.addEventListener('input', update);
  update();
})();
