// Draws one bar chart per statistics table. The data comes from the <script type="application/json">
// elements written by Django's json_script (id "chart-<table key>"); nothing here is built from user text.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  // Each dataset carries its colour (reporting.selectors.statistics.Colour): on time is green.
  var fallback = ["#0d6efd", "#198754", "#ffc107", "#6c757d"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, i) {
          return { label: set.label, data: set.data, backgroundColor: set.color || fallback[i % fallback.length] };
        })
      },
      options: {
        responsive: true,
        indexAxis: data.labels.length > 6 ? "y" : "x",
        scales: {
          x: { stacked: data.stacked, ticks: { precision: 0 } },
          y: { stacked: data.stacked, ticks: { precision: 0 }, beginAtZero: true }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
