// Draws each dashboard table as a chart above it; the table stays the source
// of truth (and what screen readers read).
(function () {
  "use strict";
  var data = document.getElementById("stats-charts");
  if (!data || !window.echarts) return;
  JSON.parse(data.textContent).forEach(function (spec) {
    var el = document.getElementById("chart-" + spec.key);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: "svg", locale: "ZH" });
    chart.setOption({
      aria: { enabled: true },
      animation: false,
      color: ["#0b5d48", "#b3421a", "#3f4f4a"],
      tooltip: { trigger: "axis" },
      legend: { show: spec.series.length > 1 },
      grid: { left: 48, right: 16, top: 32, bottom: 64 },
      xAxis: {
        type: "category",
        data: spec.rows.map(function (row) { return row[0]; }),
        axisLabel: { rotate: spec.rows.length > 6 ? 30 : 0 },
      },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map(function (column) {
        return {
          name: spec.columns[column],
          type: spec.kind,
          data: spec.rows.map(function (row) { return row[column]; }),
        };
      }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
