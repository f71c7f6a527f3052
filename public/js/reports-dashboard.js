/* global window, document */
// Draws the dashboard charts from the data-* attributes of each canvas (no inline script: the CSP
// allows scripts from this host only). The same numbers are in the table beside each chart.
(function () {
  'use strict';
  function parse(value) {
    try {
      var parsed = JSON.parse(value || '[]');
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }
  function draw() {
    if (typeof window.Chart !== 'function') return;
    // Numbers on axes and in tooltips in the reader's notation ("0,5" in Bahasa Indonesia).
    var locale = document.documentElement.lang === 'en' ? 'en-GB' : 'id-ID';
    var canvases = document.querySelectorAll('canvas[data-chart]');
    for (var i = 0; i < canvases.length; i++) {
      var canvas = canvases[i];
      var type = canvas.getAttribute('data-chart') === 'line' ? 'line' : 'bar';
      var chart = new window.Chart(canvas, {
        type: type,
        data: {
          labels: parse(canvas.getAttribute('data-labels')),
          datasets: [
            {
              label: canvas.getAttribute('aria-label') || '',
              data: parse(canvas.getAttribute('data-values')),
              backgroundColor: 'rgba(122, 40, 110, 0.6)',
              borderColor: 'rgb(122, 40, 110)',
              borderWidth: 1,
            },
          ],
        },
        options: {
          animation: false,
          locale: locale,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
      canvas.setAttribute('data-drawn', 'true');
      canvas.chart = chart;
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
