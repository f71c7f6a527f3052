/* global window, document */
// Polls a background export's progress and updates the bar; shows the download link when done.
(function () {
  'use strict';
  var box = document.getElementById('export-job');
  if (!box || box.getAttribute('data-status') !== 'running') return;
  var url = box.getAttribute('data-status-url');
  function show(id, on) {
    var el = document.getElementById(id);
    if (el) el.hidden = !on;
  }
  function poll() {
    window
      .fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (job) {
        if (!job) return;
        var bar = document.getElementById('export-progress');
        bar.value = job.percent;
        bar.textContent = job.percent + '%';
        document.getElementById('export-count').textContent = job.done + ' / ' + job.total;
        box.setAttribute('data-status', job.status);
        show('export-running', job.status === 'running');
        show('export-done', job.status === 'done');
        show('export-failed', job.status === 'failed');
        if (job.status === 'running') window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 300);
})();
