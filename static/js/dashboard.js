/* Draws the dashboard charts from the figures the page embeds (no extra request). */
(function () {
  "use strict";
  var el = document.getElementById("dashboard-data");
  if (!el || !window.echarts) return;
  var data = JSON.parse(el.textContent);
  var L = data.labels;
  var charts = [];
  var RED = "#c8102e", BLUE = "#175cd3";
  var printing = document.querySelector(".print-view") !== null;
  // On a phone a label outside a pie is cut at the card's edge: numbers go
  // inside the ring and names stay in the legend.
  var narrow = function (id) {
    var node = document.getElementById(id);
    return node !== null && node.clientWidth < 480;
  };

  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node) return;
    var c = window.echarts.init(node, null, { renderer: printing ? "svg" : "canvas" });
    option.animation = !printing;
    // Tooltips drawn on the chart itself: ECharts' HTML tooltips carry
    // style="" attributes, which the Content-Security-Policy refuses.
    if (option.tooltip) option.tooltip.renderMode = "richText";
    c.setOption(option);
    charts.push(c);
  }

  function empty(text) {
    return { title: { text: text, left: "center", top: "middle", textStyle: { color: "#667085", fontSize: 14, fontWeight: "normal" } } };
  }

  var levels = data.levels.filter(function (d) { return d.value > 0; });
  chart("chart-levels", levels.length ? {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0, type: "scroll" },
    color: data.levels.map(function (d, i) { return [RED, "#f79009", BLUE, "#667085", "#039855"][i]; })
      .filter(function (c, i) { return data.levels[i].value > 0; }),
    series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: levels,
      label: narrow("chart-levels")
        ? { position: "inside", formatter: "{c}", color: "#fff", fontWeight: "bold" }
        : { formatter: "{c}" } }]
  } : empty(L.empty));

  var members = data.members.filter(function (d) { return d.value > 0; });
  if (document.getElementById("chart-members")) {
    chart("chart-members", members.length ? {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0, type: "scroll" },
      series: [{ type: "pie", radius: "60%", center: ["50%", "45%"], data: members,
        label: { show: !narrow("chart-members") } }]
    } : empty(L.empty));
  }

  var kinds = (data.activities || []).filter(function (d) { return d.value > 0; });
  if (document.getElementById("chart-activities")) {
    chart("chart-activities", kinds.length ? {
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 10, bottom: 10, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: kinds.map(function (d) { return d.name; }) },
      series: [{ name: L.activities, type: "bar", data: kinds.map(function (d) { return d.value; }),
        itemStyle: { color: RED } }]
    } : empty(L.no_activities));
  }

  var cats = data.categories;
  chart("chart-categories", cats.length ? {
    tooltip: { trigger: "axis" },
    legend: { data: [L.reported, L.closed], bottom: 0 },
    grid: { left: 8, right: 16, top: 10, bottom: 40, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: cats.map(function (c) { return c.name; }) },
    series: [
      { name: L.reported, type: "bar", data: cats.map(function (c) { return c.reported; }), itemStyle: { color: RED } },
      { name: L.closed, type: "bar", data: cats.map(function (c) { return c.closed; }), itemStyle: { color: BLUE } }
    ]
  } : empty(L.empty));

  var trend = data.trend;
  chart("chart-trend", {
    tooltip: { trigger: "axis" },
    legend: { data: [L.reported, L.closed], bottom: 0 },
    grid: { left: 8, right: 16, top: 10, bottom: 40, containLabel: true },
    xAxis: { type: "category", data: trend.map(function (t) { return t.week.slice(5); }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: L.reported, type: "line", data: trend.map(function (t) { return t.reported; }), itemStyle: { color: RED } },
      { name: L.closed, type: "line", data: trend.map(function (t) { return t.closed; }), itemStyle: { color: BLUE } }
    ]
  });

  // A click anywhere on a ranking row drills down, not only on the name.
  Array.prototype.forEach.call(document.querySelectorAll("tr[data-unit]"), function (tr) {
    tr.addEventListener("click", function (e) {
      if (e.target.closest("a")) return;
      var a = tr.querySelector("a.drill");
      if (a) window.location.href = a.href;
    });
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.documentElement.setAttribute("data-charts-ready", String(charts.length));
})();
