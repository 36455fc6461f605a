// Tuner charts: small hand-written charts (linear, log and categorical axes). Axes are SVG; what may be many marks —
// learning curves with their quantile band, scatter plots of 100,000 points — draws on a canvas laid over the axes,
// with hover and click found through a grid of the drawn points. No dependencies; used by the dashboard (served by the
// coordinator) and by report.html (inlined).
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

  // An axis' tick labels: as many digits as their spacing needs, so neighbours never read the same (3 significant
  // digits made rows 13,750 and 13,800 both "13800", val_loss 0.1425 and 0.1430 both "0.143"). Log axes, whose
  // ticks are 1-2-5 steps, keep format().
  function tickLabels(scale, ticks) {
    if (scale.log || ticks.length < 2) return ticks.map(format);
    var step = Math.abs(ticks[1] - ticks[0]), top = 0;
    ticks.forEach(function (v) { top = Math.max(top, Math.abs(v)); });
    var stepPower = Math.floor(Math.log10(step) + 1e-9);
    if (top >= 1e5 || top < 1e-3) {
      var digits = Math.max(1, Math.floor(Math.log10(top)) - stepPower + 1);
      return ticks.map(function (v) { return v === 0 ? "0" : v.toExponential(digits - 1).replace(/\.?0+e/, "e").replace("e+", "e"); });
    }
    var decimals = Math.max(0, -stepPower);
    return ticks.map(function (v) { return String(parseFloat(v.toFixed(decimals))); });
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

  // A chart's size in its own units: the preferred one where the page has room for it, else the width the page has (a
  // phone), so text keeps its font size instead of shrinking with a chart scaled down to fit.
  function fitSize(available, width, height) {
    if (!(available > 0) || available >= width) return { width: width, height: height };
    return { width: Math.max(280, Math.round(available)), height: Math.round(height * 0.8) };
  }

  function frame(svg, width, height, margin) {
    clear(svg);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("role", "img");
    return { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom, width: width, height: height };
  }

  // Label every k-th tick so that labels do not run into each other (≈ 6.5 units per character at the axis' font
  // size, plus a gap): 17 batch sizes or ten decades of a log axis otherwise print as one smear.
  function labelStride(labels, width) {
    if (!labels.length) return 1;
    var widest = labels.reduce(function (m, s) { return Math.max(m, s.length); }, 0) * 6.5 + 8;
    return Math.max(1, Math.ceil(widest * labels.length / width));
  }

  // A left margin that keeps the y axis' title (at x = 12) clear of the tick labels, at least `least` (≈ 6.5 units per
  // character, as labelStride): close values (0.02351 … 0.02354) have long labels, which ran over the title.
  function leftMargin(values, log, height, margin, least) {
    var y = yScale(values, log, margin.top, height - margin.bottom), labels = tickLabels(y, y.ticks(5));
    var widest = labels.reduce(function (m, s) { return Math.max(m, s.length); }, 0) * 6.5;
    return Math.max(least, Math.ceil(widest + 6 + 22));
  }

  function axes(svg, box, x, y, labels) {
    var grid = el("g", { "class": "grid" }, svg);
    var axis = el("g", { "class": "axis" }, svg);
    var yTicks = y.ticks(5), yLabels = tickLabels(y, yTicks);
    yTicks.forEach(function (v, i) {
      var py = y(v);
      if (py < box.top - 0.5 || py > box.bottom + 0.5) return;
      el("line", { x1: box.left, x2: box.right, y1: py, y2: py }, grid);
      text(axis, box.left - 6, py + 4, yLabels[i], { "text-anchor": "end" });
    });
    if (x.categories) {
      var every = labelStride(x.categories.map(String), box.right - box.left);
      x.categories.forEach(function (c, i) { if (i % every === 0) text(axis, x(c), box.bottom + 16, c, { "text-anchor": "middle" }); });
    } else {
      var ticks = x.ticks(6).filter(function (v) { var px = x(v); return px >= box.left - 0.5 && px <= box.right + 0.5; });
      var xLabels = tickLabels(x, ticks);
      var stride = labelStride(xLabels, box.right - box.left);
      ticks.forEach(function (v, i) {
        var px = x(v);
        el("line", { x1: px, x2: px, y1: box.top, y2: box.bottom }, grid);
        if (i % stride === 0) text(axis, px, box.bottom + 16, xLabels[i], { "text-anchor": "middle" });
      });
    }
    el("line", { x1: box.left, x2: box.right, y1: box.bottom, y2: box.bottom, "class": "baseline" }, axis);
    el("line", { x1: box.left, x2: box.left, y1: box.top, y2: box.bottom, "class": "baseline" }, axis);
    text(axis, (box.left + box.right) / 2, box.height - 4, labels.x, { "text-anchor": "middle", "class": "label" });
    text(axis, 12, (box.top + box.bottom) / 2, labels.y, { "text-anchor": "middle", "class": "label", transform: "rotate(-90 12 " + (box.top + box.bottom) / 2 + ")" });
  }

  // series: [{ id, points: [[x, y], …], cls, title }]; later series draw on top (put the highlighted one last).
  // options.width: the CSS pixels the chart has on the page (fitSize).
  function lineChart(svg, options) {
    var size = fitSize(options.width, 640, 300);
    var xs = [], ys = [];
    options.series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); }); });
    var margin = { right: 14, top: 12, bottom: 40 };
    margin.left = leftMargin(ys, options.yLog, size.height, margin, 62);
    var box = frame(svg, size.width, size.height, margin);
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
    var ys = options.points.map(function (p) { return p.y; }), margin = { right: 12, top: 10, bottom: 38 };
    margin.left = leftMargin(ys, options.yLog, 220, margin, 56);
    var box = frame(svg, 320, 220, margin);
    var x;
    if (options.categories) {
      x = bandScale(options.categories, box.left, box.right);
    } else {
      // The axis spans the search range (options.domain), not only the values drawn so far.
      var xr = extent(options.points.map(function (p) { return p.x; }).concat(options.domain || []), options.xLog) || [0, 1];
      var pad = options.xLog ? 0 : (xr[1] - xr[0]) * 0.05;
      x = options.xLog ? logScale(xr[0] / 1.1, xr[1] * 1.1, box.left, box.right) : linearScale(xr[0] - pad, xr[1] + pad, box.left, box.right, options.integer);
    }
    var y = yScale(ys, options.yLog, box.top, box.bottom);
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


  // --- canvas layers --------------------------------------------------------------------------------

  var COLORS = { completed: "#2f6fbf", stopped: "#8a94a6", running: "#d9822b", pending: "#d9822b", diverged: "#c23b3b", failed: "#c23b3b", cancelled: "#8a94a6", best: "#0b7a53", focus: "#1d2330" };

  function statusColor(status) { return COLORS[status] || COLORS.completed; }

  // A chart host: <div class="chart-host"> holding the axes' SVG and a canvas over it (same viewBox coordinates), and a
  // tooltip. Returns the 2D context scaled so drawing happens in viewBox units.
  function layer(host, cls, width, height, margin) {
    var svg = host.querySelector("svg");
    if (!svg) {
      svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("class", "chart " + cls);
      host.appendChild(svg);
      var canvas = document.createElement("canvas");
      canvas.className = "marks";
      host.appendChild(canvas);
      var tip = document.createElement("div");
      tip.className = "tip";
      tip.hidden = true;
      host.appendChild(tip);
    }
    var box = frame(svg, width, height, margin);
    var c = host.querySelector("canvas");
    var cssWidth = host.clientWidth || width;
    var scale = cssWidth / width, ratio = window.devicePixelRatio || 1;
    c.width = Math.round(width * scale * ratio);
    c.height = Math.round(height * scale * ratio);
    var ctx = c.getContext("2d");
    ctx.setTransform(scale * ratio, 0, 0, scale * ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    return { svg: svg, canvas: c, ctx: ctx, box: box, scale: scale, tip: host.querySelector(".tip") };
  }

  // Mouse position in viewBox units.
  function at(l, event) {
    var r = l.canvas.getBoundingClientRect();
    var s = r.width / l.box.width;
    return { x: (event.clientX - r.left) / s, y: (event.clientY - r.top) / s, px: event.clientX - r.left, py: event.clientY - r.top };
  }

  // Hover shows find(x, y)'s title; a click calls onPick with its id. Replaces the handlers of an earlier draw.
  function interact(l, find, onPick) {
    l.canvas.onmousemove = function (e) {
      var p = at(l, e), hit = find(p.x, p.y);
      l.canvas.style.cursor = hit ? "pointer" : "default";
      if (!hit) { l.tip.hidden = true; return; }
      l.tip.hidden = false;
      l.tip.textContent = hit.title;
      l.tip.style.left = Math.min(p.px + 12, l.canvas.clientWidth - 180) + "px";
      l.tip.style.top = (p.py + 12) + "px";
    };
    l.canvas.onmouseleave = function () { l.tip.hidden = true; };
    l.canvas.onclick = function (e) { var p = at(l, e), hit = find(p.x, p.y); if (hit && onPick) onPick(hit.id); };
  }

  // Learning curves on a canvas: the band (p10–p90, p25–p75, the median dashed) of every trial, then the lines
  // (the best k, a focused one, or all on request), the best and the focused on top.
  // options: { lines: [{ id, points: [[epoch, v]…], color, width, title, top }], band: [{ epoch, p10 … p90 }], yLog, xLabel, yLabel, onPick }
  function curvesCanvas(host, options) {
    var size = fitSize(host.clientWidth, 640, 300);
    var xs = [], ys = [];
    options.band.forEach(function (b) { xs.push(b.epoch); ys.push(b.p10, b.p90); });
    options.lines.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); }); });
    var margin = { right: 14, top: 12, bottom: 40 };
    margin.left = leftMargin(ys, options.yLog, size.height, margin, 62);
    var l = layer(host, "curves", size.width, size.height, margin);
    var xr = extent(xs) || [1, 2];
    // One epoch (a 1-epoch search, a Hyperband job's first round): centred, not drawn on the axis itself.
    var x = xr[0] === xr[1] ? linearScale(xr[0] - 0.5, xr[0] + 0.5, l.box.left, l.box.right, true) : linearScale(xr[0], xr[1], l.box.left, l.box.right, true);
    var y = yScale(ys, options.yLog, l.box.top, l.box.bottom);
    axes(l.svg, l.box, x, y, { x: options.xLabel, y: options.yLabel + (options.yLog ? " (log)" : "") });
    var ctx = l.ctx, box = l.box;
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.right - box.left, box.bottom - box.top);
    ctx.clip();
    function ok(v) { return isFinite(v) && (!options.yLog || v > 0); }
    function area(lo, hi, fill) {
      var pts = options.band.filter(function (b) { return ok(b[lo]) && ok(b[hi]); });
      if (!pts.length) return;
      ctx.beginPath();
      pts.forEach(function (b, i) { var px = x(b.epoch), py = y(b[hi]); if (i) ctx.lineTo(px, py); else ctx.moveTo(px, py); });
      for (var i = pts.length - 1; i >= 0; i--) ctx.lineTo(x(pts[i].epoch), y(pts[i][lo]));
      ctx.closePath();
      ctx.fillStyle = fill;
      ctx.fill();
      if (pts.length === 1) { ctx.strokeStyle = fill; ctx.lineWidth = 6; ctx.stroke(); }
    }
    area("p10", "p90", "rgba(47,111,191,0.12)");
    area("p25", "p75", "rgba(47,111,191,0.22)");
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = "rgba(29,35,48,0.55)";
    ctx.lineWidth = 1.4;
    ctx.beginPath();
    options.band.filter(function (b) { return ok(b.p50); }).forEach(function (b, i) { if (i) ctx.lineTo(x(b.epoch), y(b.p50)); else ctx.moveTo(x(b.epoch), y(b.p50)); });
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    var drawn = [];
    var ordered = options.lines.filter(function (s) { return !s.top; }).concat(options.lines.filter(function (s) { return s.top; }));
    ordered.forEach(function (s) {
      var pts = [];
      s.points.forEach(function (p) { if (ok(p[1])) pts.push([x(p[0]), y(p[1])]); });
      if (!pts.length) return;
      ctx.beginPath();
      ctx.globalAlpha = s.alpha || 1;
      if (pts.length === 1) {
        // A curve of one epoch is a dot big enough to see and to point at.
        ctx.arc(pts[0][0], pts[0][1], Math.max(2.5, (s.width || 1.3) * 1.6), 0, 2 * Math.PI);
        ctx.fillStyle = s.color;
        ctx.fill();
      } else {
        pts.forEach(function (p, i) { if (i) ctx.lineTo(p[0], p[1]); else ctx.moveTo(p[0], p[1]); });
        ctx.strokeStyle = s.color;
        ctx.lineWidth = s.width || 1.3;
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      drawn.push({ id: s.id, title: s.title, pts: pts });
    });
    ctx.restore();
    // Nearest line within 5 units: distance to each segment (the top ones win ties: searched last-drawn first).
    interact(l, function (mx, my) {
      var best = null, bestD = 25;
      for (var k = drawn.length - 1; k >= 0; k--) {
        var pts = drawn[k].pts;
        for (var i = 0; i < pts.length; i++) {
          var a = pts[i], b = pts[Math.min(i + 1, pts.length - 1)];
          var dx = b[0] - a[0], dy = b[1] - a[1], len = dx * dx + dy * dy;
          var t = len ? Math.max(0, Math.min(1, ((mx - a[0]) * dx + (my - a[1]) * dy) / len)) : 0;
          var ex = a[0] + t * dx - mx, ey = a[1] + t * dy - my, d = ex * ex + ey * ey;
          if (d < bestD) { bestD = d; best = drawn[k]; }
        }
      }
      return best;
    }, options.onPick);
    host.setAttribute("data-lines", String(drawn.length));
    host.setAttribute("data-x-domain", x.domain.join(","));
    host.setAttribute("data-band", String(options.band.length));
    return { x: x, y: y, lines: drawn.length };
  }

  // A scatter plot of n points on a canvas. options: { n, x(i) → number or category, y(i), status(i) → word, id(i),
  // title(i), categories, xLog, integer, domain, yLog, xLabel, yLabel, best (index), focus (index), onPick }.
  function scatterCanvas(host, options) {
    var n = options.n, i, v;
    var ylo = Infinity, yhi = -Infinity;
    for (i = 0; i < n; i++) { v = options.y(i); if (v !== null && isFinite(v) && (!options.yLog || v > 0)) { if (v < ylo) ylo = v; if (v > yhi) yhi = v; } }
    var ys = ylo === Infinity ? [] : [ylo, yhi], margin = { right: 12, top: 10, bottom: 38 };
    margin.left = leftMargin(ys, options.yLog, 220, margin, 56);
    var l = layer(host, "scatter", 320, 220, margin);
    var x;
    if (options.categories) {
      x = bandScale(options.categories, l.box.left, l.box.right);
    } else {
      var lo = Infinity, hi = -Infinity;
      for (i = 0; i < n; i++) { v = options.x(i); if (typeof v === "number" && isFinite(v) && (!options.xLog || v > 0)) { if (v < lo) lo = v; if (v > hi) hi = v; } }
      if (options.domain) { lo = Math.min(lo, options.domain[0]); hi = Math.max(hi, options.domain[1]); }
      if (lo === Infinity) { lo = 0; hi = 1; }
      var pad = options.xLog ? 0 : (hi - lo) * 0.05;
      x = options.xLog ? logScale(lo / 1.1, hi * 1.1, l.box.left, l.box.right) : linearScale(lo - pad, hi + pad, l.box.left, l.box.right, options.integer);
    }
    var y = yScale(ys, options.yLog, l.box.top, l.box.bottom);
    axes(l.svg, l.box, x, y, { x: options.xLabel + (options.xLog ? " (log)" : ""), y: options.yLabel });
    // Points by colour, one path each (a fill per colour, not per point). The grid of cells for hit tests is built on the
    // first hover, not on every draw: a live update redraws every scatter, a reader hovers one.
    var ctx = l.ctx, paths = {}, cell = 8, grid = null, px = new Float32Array(n), py = new Float32Array(n), drawn = 0;
    var cats = options.categories ? {} : null;
    if (cats) options.categories.forEach(function (c, k) { cats[c] = k; });
    for (i = 0; i < n; i++) {
      v = options.y(i);
      px[i] = NaN;
      if (v === null || !isFinite(v) || (options.yLog && v <= 0)) continue;
      var xv = options.x(i), cx;
      if (cats) {
        if (cats[xv] === undefined) continue;
        // Spread points of one category over part of its band, deterministically, so they don't hide each other.
        cx = x.band * (cats[xv] + 0.5) + l.box.left + ((i * 0.618034) % 1 - 0.5) * x.band * 0.5;
      } else {
        if (typeof xv !== "number" || !isFinite(xv) || (options.xLog && xv <= 0)) continue;
        cx = x(xv);
      }
      var cy = y(v);
      px[i] = cx; py[i] = cy; drawn++;
      var color = statusColor(options.status(i));
      (paths[color] || (paths[color] = [])).push(i);
    }
    // Many points: smaller and fainter, so where they crowd reads as density rather than one solid block.
    var r = n > 20000 ? 1 : n > 2000 ? 1.4 : 3;
    ctx.globalAlpha = Math.max(0.1, Math.min(0.6, 4000 / Math.max(1, n)));
    Object.keys(paths).forEach(function (color) {
      ctx.fillStyle = color;
      ctx.beginPath();
      var list = paths[color];
      // Few points: round dots; many: squares, several times cheaper to fill.
      for (var k = 0; k < list.length; k++) {
        var j = list[k];
        if (n > 2000) ctx.rect(px[j] - r, py[j] - r, 2 * r, 2 * r);
        else { ctx.moveTo(px[j] + r, py[j]); ctx.arc(px[j], py[j], r, 0, 2 * Math.PI); }
      }
      ctx.fill();
    });
    ctx.globalAlpha = 1;
    function ring(j, color, radius) {
      if (j === null || j === undefined || j < 0 || !(px[j] === px[j])) return;
      ctx.beginPath();
      ctx.arc(px[j], py[j], radius, 0, 2 * Math.PI);
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#fff";
      ctx.stroke();
    }
    ring(options.best, COLORS.best, 5);
    ring(options.focus, COLORS.focus, 4.5);
    function cellKey(gx, gy) { return gx * 1024 + gy; }
    interact(l, function (mx, my) {
      if (!grid) {
        grid = new Map();
        for (var j = 0; j < n; j++) {
          if (!(px[j] === px[j])) continue;
          var key = cellKey(Math.floor(px[j] / cell), Math.floor(py[j] / cell)), list = grid.get(key);
          if (list) list.push(j); else grid.set(key, [j]);
        }
      }
      var gx = Math.floor(mx / cell), gy = Math.floor(my / cell), best = -1, bestD = 36;
      for (var a = gx - 1; a <= gx + 1; a++) for (var b = gy - 1; b <= gy + 1; b++) {
        var list = grid.get(cellKey(a, b));
        if (!list) continue;
        for (var k = 0; k < list.length; k++) {
          var j = list[k], dx = px[j] - mx, dy = py[j] - my, d = dx * dx + dy * dy;
          if (d < bestD || (d === bestD && j === options.best)) { bestD = d; best = j; }
        }
      }
      return best < 0 ? null : { id: options.id(best), title: options.title(best) };
    }, options.onPick);
    host.setAttribute("data-points", String(drawn));
    return { x: x, y: y, points: drawn };
  }

  return { lineChart: lineChart, scatter: scatter, curvesCanvas: curvesCanvas, scatterCanvas: scatterCanvas, statusColor: statusColor, colors: COLORS,
    format: format, linearScale: linearScale, logScale: logScale };
})();
