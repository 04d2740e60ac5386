// The town dashboard's charts (Apache ECharts, vendored) from the page's JSON; the same numbers are in the tables.
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  var data = source ? JSON.parse(source.textContent) : null;
  var RED = "#c8161d", BLUE = "#1f5fa8", GREEN = "#2e8b57", ORANGE = "#e08a00", GREY = "#8a94a6";
  var FONT = 'system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  var charts = [];

  // Period buttons apply at once; "From – to" waits for the dates.
  document.querySelectorAll(".dashboard-filters [data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () {
      input.form.querySelectorAll("[data-custom-date]").forEach(function (d) { d.disabled = true; });
      input.form.requestSubmit ? input.form.requestSubmit() : input.form.submit();
    });
  });
  document.querySelectorAll(".dashboard-filters [data-custom-date]").forEach(function (input) {
    input.addEventListener("change", function () {
      var custom = document.getElementById("period-custom");
      if (custom) { custom.checked = true; }
    });
  });
  document.querySelectorAll(".dashboard-filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      // A preset ignores the dates: leave them out of the address.
      var custom = document.getElementById("period-custom");
      if (custom && !custom.checked) {
        form.querySelectorAll("[data-custom-date]").forEach(function (d) { d.disabled = true; });
      }
    });
  });

  // The definitions open on click or focus (no inline script or style: the CSP forbids them).
  if (window.bootstrap && window.bootstrap.Popover) {
    document.querySelectorAll('[data-bs-toggle="popover"]').forEach(function (el) {
      new window.bootstrap.Popover(el);
    });
  }
  document.querySelectorAll(".rate-bar[data-width]").forEach(function (bar) {
    var share = parseFloat(bar.getAttribute("data-width"));
    if (!isNaN(share)) { bar.style.width = Math.max(0, Math.min(100, share * 100)) + "%"; }
  });

  if (!data || !window.echarts) { return; }

  function init(id, height) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    if (height) { el.style.height = height + "px"; }
    var chart = window.echarts.init(el, null, { locale: data.locale, renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  function done(chart, id) {
    // The e2e test and print wait for this: every chart has drawn its first frame.
    chart.on("finished", function () {
      var el = document.getElementById(id);
      if (el) { el.setAttribute("data-rendered", "true"); }
    });
  }

  var base = { textStyle: { fontFamily: FONT }, animation: false };

  var trend = init("chart-trend", 320);
  if (trend) {
    var t = data.trend;
    done(trend, "chart-trend");
    trend.setOption(Object.assign({}, base, {
      color: [BLUE, GREEN, ORANGE, RED],
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 40, bottom: 32 },
      xAxis: { type: "category", data: t.labels, axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: "value", name: t.names.cases, minInterval: 1 },
        { type: "value", name: t.names.rate, min: 0, max: 100, splitLine: { show: false } }
      ],
      series: [
        { name: t.names.received, type: "bar", data: t.received, barMaxWidth: 28 },
        { name: t.names.closed, type: "bar", data: t.closed, barMaxWidth: 28 },
        { name: t.names.on_time, type: "line", yAxisIndex: 1, data: t.on_time, connectNulls: true, symbolSize: 6 },
        { name: t.names.satisfaction, type: "line", yAxisIndex: 1, data: t.satisfaction, connectNulls: true, symbolSize: 6 }
      ]
    }));
  }

  var depts = init("chart-departments", Math.max(160, 36 * (data.departments.labels.length || 1) + 60));
  if (depts) {
    var dd = data.departments;
    done(depts, "chart-departments");
    depts.setOption(Object.assign({}, base, {
      color: [RED, ORANGE],
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      // Worst first at the top, as in the table.
      yAxis: { type: "category", data: dd.labels.slice().reverse(), axisLabel: { width: 180, overflow: "truncate" } },
      xAxis: { type: "value", minInterval: 1 },
      series: [
        { name: dd.names.overdue, type: "bar", stack: "due", data: dd.overdue.slice().reverse(), barMaxWidth: 22 },
        { name: dd.names.due_soon, type: "bar", stack: "due", data: dd.due_soon.slice().reverse(), barMaxWidth: 22 }
      ]
    }));
  }

  var tiers = init("chart-tiers", 220);
  if (tiers) {
    done(tiers, "chart-tiers");
    tiers.setOption(Object.assign({}, base, {
      color: [GREEN, BLUE, RED, GREY],
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: function (p) { return p.name + ": " + p.value + " (" + p.percent.toFixed(1) + "%)"; }
      },
      legend: { orient: "vertical", right: 8, top: "middle" },
      series: [{
        name: data.tiers.name,
        type: "pie",
        radius: ["45%", "72%"],
        center: ["35%", "50%"],
        label: { formatter: function (p) { return p.percent.toFixed(1) + "%"; } },
        data: data.tiers.items
      }]
    }));
  }

  var channels = init("chart-channels", 200);
  if (channels) {
    var c = data.channels;
    done(channels, "chart-channels");
    channels.setOption(Object.assign({}, base, {
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: c.labels.slice().reverse(), axisLabel: { width: 160, overflow: "truncate" } },
      series: [{
        name: c.name,
        type: "bar",
        barMaxWidth: 20,
        data: c.values.slice().reverse().map(function (v, i) {
          var code = c.codes.slice().reverse()[i];
          return { value: v, itemStyle: { color: code === "web" ? RED : BLUE } };
        })
      }]
    }));
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  // Printing: A4 is narrower than the screen. "beforeprint" comes before the print layout, so the charts are
  // first drawn at the A4 content width (the print CSS stacks every section full width), then measured again
  // once the print media applies; folded tables open for the paper. After printing all is as it was.
  var A4_CONTENT_PX = 700;
  var opened = [];
  function forPaper() {
    document.querySelectorAll(".dashboard details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
    charts.forEach(function (chart) { chart.resize({ width: A4_CONTENT_PX }); });
  }
  function forScreen() {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
    charts.forEach(function (chart) { chart.resize(); });
  }
  window.addEventListener("beforeprint", forPaper);
  window.addEventListener("afterprint", forScreen);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    var follow = function () {
      if (print.matches) {
        forPaper();
        charts.forEach(function (chart) { chart.resize(); });  // the print layout is in force: fit it exactly
      } else {
        forScreen();
      }
    };
    if (print.addEventListener) { print.addEventListener("change", follow); } else if (print.addListener) { print.addListener(follow); }
  }
})();
