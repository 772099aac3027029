// Draws one bar chart per statistics table. The data comes from the <script type="application/json">
// elements written by Django's json_script (id "chart-<table key>"); nothing here is built from user text.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var colours = ["#b02a37", "#ffc107", "#6c757d", "#198754", "#0d6efd"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, i) {
          return { label: set.label, data: set.data, backgroundColor: colours[i % colours.length] };
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
