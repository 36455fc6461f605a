// Tuner charts: small hand-written SVG line and scatter charts (linear, log and categorical axes).
// No dependencies; used by the dashboard (served by the coordinator) and by report.html (inlined).
"use strict";

var TunerCharts = (function () {
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var key in attrs) if (attrs[key] !== undefined && attrs[key] !== null) node.setAttribute(key, String(attrs[key]));
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, content, attrs) {
    var node = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    node.textContent = content;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // Numbers for axes and tooltips: 3 significant digits, exponent form for very small or large values.
  function format(v) {
    if (v === null || v === undefined || !isFinite(v)) return "–";
    if (v === 0) return "0";
    var a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) return v.toExponential(1).replace(".0e", "e").replace("e+", "e");
    return String(parseFloat(v.toPrecision(3)));
  }

  function niceStep(span, count) {
    var raw = span / Math.max(1, count);
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var fraction = raw / power;
    var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * power;
  }

  // A scale maps a domain value to a pixel; ticks() lists the values worth labelling.
  function linearScale(d0, d1, r0, r1, integer) {
    if (d0 === d1) { d0 -= Math.abs(d0) * 0.1 || 1; d1 += Math.abs(d1) * 0.1 || 1; }
    var scale = function (v) { return r0 + (v - d0) / (d1 - d0) * (r1 - r0); };
    scale.domain = [d0, d1];
    scale.ticks = function (count) {
      var step = niceStep(d1 - d0, count || 5);
      if (integer) step = Math.max(1, Math.round(step));
      var out = [];
      for (var v = Math.ceil(d0 / step) * step; v <= d1 + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
      return out;
    };
    return scale;
  }

  function logScale(d0, d1, r0, r1) {
    if (!(d0 > 0)) d0 = 1e-12;
    if (!(d1 > d0)) { d1 = d0 * 10; d0 = d0 / 10; }
    var l0 = Math.log10(d0), l1 = Math.log10(d1);
    var scale = function (v) { return r0 + (Math.log10(v) - l0) / (l1 - l0) * (r1 - r0); };
    scale.domain = [d0, d1];
    scale.log = true;
    scale.ticks = function () {
      var out = [], p;
      for (p = Math.ceil(l0 - 1e-9); p <= Math.floor(l1 + 1e-9); p++) out.push(Math.pow(10, p));
      if (out.length < 3) {
        // Less than two decades: label 1-2-5 steps too, else the axis would have one label.
        out = [];
        for (p = Math.floor(l0); p <= Math.ceil(l1); p++)
          [1, 2, 5].forEach(function (m) { var v = m * Math.pow(10, p); if (v >= d0 * (1 - 1e-9) && v <= d1 * (1 + 1e-9)) out.push(v); });
      }
      if (out.length < 2) out = [d0, Math.sqrt(d0 * d1), d1];
      return out;
    };
    return scale;
  }

  function bandScale(categories, r0, r1) {
    var width = (r1 - r0) / Math.max(1, categories.length);
    var scale = function (v) { var i = categories.indexOf(v); return r0 + width * (i + 0.5); };
    scale.band = width;
    scale.categories = categories;
    return scale;
  }

  function extent(values, positiveOnly) {
    var lo = Infinity, hi = -Infinity;
    values.forEach(function (v) {
      if (typeof v !== "number" || !isFinite(v) || (positiveOnly && v <= 0)) return;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    });
    return lo === Infinity ? null : [lo, hi];
  }

  function yScale(values, log, top, bottom) {
    var range = extent(values, log) || (log ? [0.1, 1] : [0, 1]);
    if (log) return logScale(range[0] / 1.15, range[1] * 1.15, bottom, top);
    var pad = (range[1] - range[0]) * 0.05;
    var lo = range[0] - pad;
    if (range[0] >= 0 && lo < 0) lo = 0; // losses are never negative: don't label the axis below 0
    return linearScale(lo, range[1] + pad, bottom, top);
  }

  function frame(svg, width, height, margin) {
    clear(svg);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("role", "img");
    return { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom, width: width, height: height };
  }

  function axes(svg, box, x, y, labels) {
    var grid = el("g", { "class": "grid" }, svg);
    var axis = el("g", { "class": "axis" }, svg);
    y.ticks(5).forEach(function (v) {
      var py = y(v);
      if (py < box.top - 0.5 || py > box.bottom + 0.5) return;
      el("line", { x1: box.left, x2: box.right, y1: py, y2: py }, grid);
      text(axis, box.left - 6, py + 4, format(v), { "text-anchor": "end" });
    });
    if (x.categories) {
      x.categories.forEach(function (c) { text(axis, x(c), box.bottom + 16, c, { "text-anchor": "middle" }); });
    } else {
      x.ticks(6).forEach(function (v) {
        var px = x(v);
        if (px < box.left - 0.5 || px > box.right + 0.5) return;
        el("line", { x1: px, x2: px, y1: box.top, y2: box.bottom }, grid);
        text(axis, px, box.bottom + 16, format(v), { "text-anchor": "middle" });
      });
    }
    el("line", { x1: box.left, x2: box.right, y1: box.bottom, y2: box.bottom, "class": "baseline" }, axis);
    el("line", { x1: box.left, x2: box.left, y1: box.top, y2: box.bottom, "class": "baseline" }, axis);
    text(axis, (box.left + box.right) / 2, box.height - 4, labels.x, { "text-anchor": "middle", "class": "label" });
    text(axis, 12, (box.top + box.bottom) / 2, labels.y, { "text-anchor": "middle", "class": "label", transform: "rotate(-90 12 " + (box.top + box.bottom) / 2 + ")" });
  }

  // series: [{ id, points: [[x, y], …], cls, title }]; later series draw on top (put the highlighted one last).
  function lineChart(svg, options) {
    var box = frame(svg, 640, 300, { left: 62, right: 14, top: 12, bottom: 40 });
    var xs = [], ys = [];
    options.series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); }); });
    var xr = extent(xs) || [1, 2];
    var x = linearScale(xr[0], Math.max(xr[1], xr[0] + 1), box.left, box.right, true);
    var y = yScale(ys, options.yLog, box.top, box.bottom);
    axes(svg, box, x, y, { x: options.xLabel, y: options.yLabel + (options.yLog ? " (log)" : "") });
    var layer = el("g", { "class": "series" }, svg);
    options.series.forEach(function (s) {
      var d = "", pen = false;
      s.points.forEach(function (p) {
        var ok = isFinite(p[1]) && (!options.yLog || p[1] > 0);
        if (!ok) { pen = false; return; }
        d += (pen ? "L" : "M") + x(p[0]).toFixed(1) + " " + y(p[1]).toFixed(1);
        pen = true;
      });
      if (!d) return;
      // A one-epoch curve is a dot: a zero-length segment with round caps.
      if (d.indexOf("L") < 0) d += "h0.01";
      var path = el("path", { d: d, "class": "curve " + (s.cls || ""), "data-trial": s.id }, layer);
      if (s.title) el("title", {}, path).textContent = s.title;
    });
    return { x: x, y: y };
  }

  // points: [{ id, x, y, cls, title }]; x is a number, or a category when options.categories is set.
  function scatter(svg, options) {
    var box = frame(svg, 320, 220, { left: 56, right: 12, top: 10, bottom: 38 });
    var x;
    if (options.categories) {
      x = bandScale(options.categories, box.left, box.right);
    } else {
      // The axis spans the search range (options.domain), not only the values drawn so far.
      var xr = extent(options.points.map(function (p) { return p.x; }).concat(options.domain || []), options.xLog) || [0, 1];
      var pad = options.xLog ? 0 : (xr[1] - xr[0]) * 0.05;
      x = options.xLog ? logScale(xr[0] / 1.1, xr[1] * 1.1, box.left, box.right) : linearScale(xr[0] - pad, xr[1] + pad, box.left, box.right, options.integer);
    }
    var y = yScale(options.points.map(function (p) { return p.y; }), options.yLog, box.top, box.bottom);
    axes(svg, box, x, y, { x: options.xLabel + (options.xLog ? " (log)" : ""), y: options.yLabel });
    var layer = el("g", { "class": "points" }, svg);
    options.points.forEach(function (p, i) {
      if (!isFinite(p.y) || (options.yLog && p.y <= 0)) return;
      if (!options.categories && (!isFinite(p.x) || (options.xLog && p.x <= 0))) return;
      var cx = x(p.x);
      // Spread points of one category over part of its band, deterministically, so they don't hide each other.
      if (options.categories) cx += ((i * 0.618034) % 1 - 0.5) * x.band * 0.5;
      var dot = el("circle", { cx: cx.toFixed(1), cy: y(p.y).toFixed(1), r: 3.5, "class": "pt " + (p.cls || ""), "data-trial": p.id }, layer);
      if (p.title) el("title", {}, dot).textContent = p.title;
    });
    return { x: x, y: y };
  }

  return { lineChart: lineChart, scatter: scatter, format: format, linearScale: linearScale, logScale: logScale };
})();
