// Tuner views: the jobs table and one job's view (learning curves as the best trials plus a quantile band, the
// objective against each hyperparameter for every trial, the trials table one page at a time), built from the API's
// documents (JobSummary, /curves, /points, /trials) or report.html's inlined copies of them (TunerSources). Shared by
// the live dashboard and the self-contained report.html. Every value reaches the page as text, never as HTML.
"use strict";

var TunerViews = (function () {
  var fmt = TunerCharts.format;
  var FORECAST_ROWS = 300; // the forecast chart's rows: about two chart units each

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) {
      var value = attrs[key];
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
    return node;
  }

  function svg(cls) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    node.setAttribute("class", cls);
    return node;
  }

  function badge(status) {
    return h("span", { "class": "badge status-" + status, text: status });
  }

  // The trial's objective value: val_loss, loss, val_accuracy or accuracy (the field of the same name).
  function objectiveOf(trial, objective) {
    var v = trial[objective || "val_loss"];
    return typeof v === "number" ? v : null;
  }

  function hpText(v) {
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(parseFloat(v.toPrecision(4)));
    return String(v);
  }

  function hpTitle(trial) {
    return Object.keys(trial.hyperparameters || {}).map(function (k) { return k + "=" + hpText(trial.hyperparameters[k]); }).join(" ");
  }

  function utc(iso) {
    return iso ? iso.replace("T", " ").replace(/\.\d+/, "").replace(/(Z|[+-]00:00)$/, " UTC") : "";
  }

  // --- the workers line (GET api/workers) -------------------------------------------------------------

  function count(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  // seeds: the coordinators' Akka addresses (GET /api/workers), what a new worker's --seeds names.
  function workersText(workers, seeds) {
    if (!workers.length)
      return "No worker has joined: start one with tuner worker --seeds " + (seeds && seeds.length ? seeds.join(",")
        : "ADDRESS (the coordinator's address as its log shows it)") + ".";
    var running = 0, idle = 0;
    workers.forEach(function (w) { running += w.running; idle += w.idleSlots; });
    return count(workers.length, "worker") + " · " + count(running + idle, "slot") + ": " + running + " training, " + idle + " idle";
  }

  // --- the jobs table --------------------------------------------------------------------------------

  function renderJobs(tbody, jobs, selectedId, onSelect) {
    // Polled every few seconds: a list that did not change is left as it is, so a text selection in it survives;
    // when it is rebuilt, the row the keyboard is on (or the link in it) keeps the focus.
    var key = JSON.stringify([selectedId, jobs]);
    if (tbody.tunerKey === key) return;
    tbody.tunerKey = key;
    var active = document.activeElement;
    var focusedRow = active && tbody.contains(active) ? active.closest("tr") : null;
    var focused = focusedRow ? { job: focusedRow.getAttribute("data-job"), link: active.tagName === "A" } : null;
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    // The best column holds each job's own objective: named in the cell when the list mixes them (a loss beside an
    // accuracy would read as one scale).
    var mixed = jobs.some(function (job) { return job.objective !== jobs[0].objective; });
    jobs.forEach(function (job) {
      var planned = job.epochsPlanned || 0;
      var share = planned > 0 ? Math.min(1, job.epochsTrained / planned) : (job.status === "running" ? 0 : 1);
      var bar = h("div", { "class": "progress", title: job.epochsTrained + (planned ? " of " + planned : "") + " epochs" }, [h("div", { "class": "fill" })]);
      bar.firstChild.style.width = (share * 100).toFixed(1) + "%";
      var row = h("tr", { "class": job.id === selectedId ? "selected" : null, "data-job": job.id, tabindex: "0" }, [
        h("td", {}, [h("a", { href: "#/jobs/" + encodeURIComponent(job.id), text: job.id })]),
        h("td", {}, [badge(job.status)]),
        h("td", { text: job.algorithm }),
        h("td", {}, [bar, h("span", { "class": "muted small", text: " " + job.epochsTrained + (planned ? "/" + planned : "") })]),
        h("td", { "class": "num", text: job.trialsFinished + "/" + job.trialsStarted }),
        h("td", { "class": "num", title: "best " + job.objective }, job.bestObjective === null || job.bestObjective === undefined ? ["–"]
          : [fmt(job.bestObjective)].concat(mixed ? [h("span", { "class": "muted small", text: " " + job.objective })] : [])),
        h("td", { "class": "muted small", text: utc(job.submittedAt) }),
      ]);
      row.addEventListener("click", function (e) { if (e.target.tagName !== "A") onSelect(job.id); });
      row.addEventListener("keydown", function (e) { if (e.key === "Enter") onSelect(job.id); });
      tbody.appendChild(row);
      if (focused && focused.job === job.id) (focused.link ? row.querySelector("a") : row).focus();
    });
  }

  // --- one job ---------------------------------------------------------------------------------------

  var PAGE = 50;       // rows of the trials table per page
  var BEST = 50;       // learning curves drawn besides the band
  var CURVES_EVERY_MS = 2000, PAGE_EVERY_MS = 1000;

  // Builds the job view's skeleton in container, fed by source (TunerSources: the API, or report.html's inlined data).
  // start() draws it: the table's first page, the curves summary and every trial's point; summary() and trials() keep
  // it live. The reader's choices (log scale, sort, page, focused trial, all curves) persist across updates.
  function jobView(container, source) {
    // yLog null: not chosen yet; the first points pick log when the objective spans more than a decade.
    var state = { yLog: null, sort: "objective", offset: 0, focus: null, summary: null, meta: null, cols: null, index: null, curves: null, page: null,
      showAll: false, drawn: false, curvesTimer: null, pageTimer: null, model: null };
    var title = h("h2", { "class": "job-title" });
    var status = h("span");
    var line = h("span", { "class": "muted" });
    var logToggle = h("input", { type: "checkbox", id: "log-scale" });
    var allToggle = h("input", { type: "checkbox", id: "all-curves" });
    var curves = h("div", { "class": "chart-host curves-host", id: "curves" });
    var curvesNote = h("p", { "class": "muted small curves-note" });
    var scatters = h("div", { "class": "scatter-grid" });
    var table = h("table", { "class": "grid trials", id: "trials" });
    var tableNote = h("p", { "class": "muted small" });
    var pager = h("div", { "class": "pager", id: "pager" });

    container.appendChild(h("div", { "class": "job-head" }, [title, status, line]));
    container.appendChild(h("div", { "class": "charts" }, [
      h("section", { "class": "card" }, [
        h("header", { "class": "card-head" }, [h("h3", { text: "Learning curves" }), h("span", { "class": "toggles" }, [
          source.live ? h("label", { "class": "toggle", title: "draw every trial's curve (slow with many trials)" }, [allToggle, " all curves"]) : null,
          h("label", { "class": "toggle" }, [logToggle, " log scale"])])]),
        curves, curvesNote,
      ]),
      h("section", { "class": "card" }, [h("header", { "class": "card-head" }, [h("h3", { "class": "objective-title", text: "val_loss by hyperparameter" })]), scatters]),
    ]));
    var modelCard = h("section", { "class": "card model", id: "best-model", hidden: true });
    container.appendChild(modelCard);
    container.appendChild(h("section", { "class": "card" }, [h("h3", { text: "Trials" }), tableNote, h("div", { "class": "table-wrap" }, [table]), pager]));

    logToggle.addEventListener("change", function () { state.yLog = logToggle.checked; drawCharts(); });
    allToggle.addEventListener("change", function () { state.showAll = allToggle.checked; loadCurves(); });

    function objective() { return (state.cols && state.cols.objective) || (state.meta && state.meta.objective) || (state.summary && state.summary.objective) || "val_loss"; }

    function bestId() {
      if (state.summary && state.summary.bestTrialId) return state.summary.bestTrialId;
      return state.meta && state.meta.best ? state.meta.best.trialId : null;
    }

    function setFocus(id) {
      state.focus = state.focus === id ? null : id;
      drawScatters();
      drawRows();
      var shown = state.curves && state.curves.lines.some(function (l) { return l.trialId === state.focus; });
      if (state.focus && !shown && source.live) loadCurves();
      else drawCurves();
    }

    function head() {
      var s = state.summary, r = state.meta;
      title.textContent = (s && s.id) || (r && r.id) || "";
      while (status.firstChild) status.removeChild(status.firstChild);
      // Before the first summary or results arrive nothing is known: "loading", not a status the job may not have.
      status.appendChild(badge((s && s.status) || (r && r.status) || "loading"));
      var parts = [];
      if (s) {
        parts.push(s.epochsTrained + (s.epochsPlanned ? "/" + s.epochsPlanned : "") + " epochs");
        parts.push(s.trialsFinished + "/" + s.trialsStarted + " trials done");
        if (s.running && s.running.length) parts.push(s.running.length + " running");
        if (s.bestTrialId) parts.push("best " + s.objective + " " + fmt(s.bestObjective) + " (" + s.bestTrialId + ")");
        if (s.error) parts.push(s.error);
      } else if (r) {
        parts.push(r.algorithm + ", " + r.totalEpochs + " epochs trained, " + (state.cols ? state.cols.ids.length : 0) + " trials");
        if (r.best) parts.push("best " + r.objective + " " + fmt(objectiveOf(r.best, r.objective)) + " (" + r.best.trialId + ")");
        if (r.error) parts.push(r.error);
      }
      line.textContent = parts.join(" · ");
    }

    // --- learning curves: the best k and the band of all -----------------------------------------------

    function drawCurves() {
      var c = state.curves;
      if (!c) return;
      var best = bestId(), many = c.lines.length > 200;
      var lines = c.lines.map(function (l) {
        var isBest = l.trialId === best || (!best && l.rank === 1), isFocus = l.trialId === state.focus;
        return {
          id: l.trialId, top: isBest || isFocus,
          color: isFocus ? TunerCharts.colors.focus : isBest ? TunerCharts.colors.best : TunerCharts.statusColor(l.status),
          width: isFocus ? 2.5 : isBest ? 3 : many ? 0.7 : 1.2, alpha: isBest || isFocus ? 1 : many ? 0.25 : 0.6,
          points: l.epochs.map(function (e, i) { return [e, l.values[i]]; }),
          title: l.trialId + " (" + l.status + ")" + (l.rank ? " #" + l.rank : "") + " " + c.objective + " " + fmt(l.objective) + "\n" + hpTitle(l),
        };
      });
      TunerCharts.curvesCanvas(curves, { lines: lines, band: c.band, yLog: state.yLog, xLabel: "epoch", yLabel: c.metric, onPick: setFocus });
      var focusMissing = state.focus && !c.lines.some(function (l) { return l.trialId === state.focus; });
      // c.trials counts the trials with a curve: none yet, or none at all when every trial diverged or failed.
      var started = state.cols ? state.cols.ids.length : 0;
      if (!c.trials) {
        curvesNote.textContent = "No learning curve: no trial has measured " + c.metric + (started
          ? " (" + started + " trial" + (started === 1 ? "" : "s") + " so far; a trial that diverged or failed before its first epoch has none)." : " yet.");
        return;
      }
      curvesNote.textContent = (state.showAll ? "Every trial's curve (" + c.lines.length + ")" : "The best " + Math.min(c.best, c.lines.length) + " of " + c.trials + " trials") +
        (best ? ", best (" + best + ") thick green" : "") + "; the band is p10–p90 (light) and p25–p75 of all " + c.trials +
        " trials at each epoch, the median dashed. Click a line to focus it." +
        (focusMissing ? " " + state.focus + "'s curve is not in this report (only the best curves are kept)." : "");
    }

    function loadCurves() {
      clearTimeout(state.curvesTimer);
      state.curvesTimer = null;
      return source.curves({ best: BEST, all: state.showAll, include: state.focus ? [state.focus] : [] }).then(function (c) {
        state.curves = c;
        drawCurves();
      });
    }

    // --- scatter plots: every trial's point ------------------------------------------------------------

    function dimensions() {
      var cols = state.cols;
      var space = (cols && cols.searchSpace) || (state.meta && state.meta.searchSpace);
      if (space && space.length) return space;
      return cols ? cols.hyperparameters.map(function (c) { return { name: c.name, type: c.numbers ? "float" : "choice" }; }) : [];
    }

    function indexOf(id) {
      var i = state.index ? state.index.get(id) : undefined;
      return i === undefined ? null : i;
    }

    function drawScatters() {
      var cols = state.cols;
      if (!cols) return;
      container.querySelector(".objective-title").textContent = cols.objective + " by hyperparameter";
      var ys = TunerSources.metricColumn(cols, cols.objective) || [];
      var best = indexOf(bestId()), focus = state.focus ? indexOf(state.focus) : null;
      var hosts = scatters.querySelectorAll(".chart-host");
      var dims = dimensions();
      if (hosts.length !== dims.length) {
        while (scatters.firstChild) scatters.removeChild(scatters.firstChild);
        dims.forEach(function (dim) { scatters.appendChild(h("figure", { "class": "scatter-cell" }, [h("div", { "class": "chart-host scatter-host", "data-parameter": dim.name })])); });
        hosts = scatters.querySelectorAll(".chart-host");
      }
      dims.forEach(function (dim, k) {
        var column = cols.hyperparameters.filter(function (c) { return c.name === dim.name; })[0];
        if (!column) return;
        var categorical = dim.type === "choice" || dim.type === "fixed";
        var categories = null, value;
        if (categorical) {
          categories = (dim.values || []).map(hpText);
          var labels = column.numbers ? null : column.words.map(function (w) { var v; try { v = JSON.parse(w); } catch (e) { v = w; } return hpText(v); });
          if (labels) labels.forEach(function (l) { if (categories.indexOf(l) < 0) categories.push(l); });
          value = column.numbers
            ? function (i) { var v = column.numbers[i]; return v === null ? null : hpText(v); }
            : function (i) { var code = column.codes[i]; return code < 0 ? null : labels[code]; };
          if (column.numbers) for (var i = 0; i < column.numbers.length; i++) { var t = value(i); if (t !== null && categories.indexOf(t) < 0) categories.push(t); }
        } else {
          value = column.numbers ? function (i) { return column.numbers[i]; } : function () { return null; };
        }
        TunerCharts.scatterCanvas(hosts[k], {
          n: cols.ids.length, x: value, y: function (i) { return ys[i]; }, status: function (i) { return cols.statusWords[cols.status[i]]; },
          id: function (i) { return cols.ids[i]; },
          title: function (i) {
            return cols.ids[i] + " (" + cols.statusWords[cols.status[i]] + ") " + dim.name + "=" + hpText(TunerSources.hpValue(column, i)) + " " + cols.objective + " " + fmt(ys[i]);
          },
          categories: categories, xLog: dim.sampling === "log", integer: dim.type === "int", domain: typeof dim.min === "number" ? [dim.min, dim.max] : null,
          xLabel: dim.name, yLabel: cols.objective, yLog: state.yLog, best: best, focus: focus, onPick: setFocus,
        });
      });
    }

    function setPoints(cols) {
      state.cols = cols;
      state.index = new Map();
      cols.ids.forEach(function (id, i) { state.index.set(id, i); });
      if (state.yLog === null) chooseScale();
      head();
      drawScatters();
      if (state.page) drawTable(); // the hyperparameters' columns come from the points' search space
    }

    function loadPoints() { return source.points().then(setPoints); }

    // A changed trial (results.json's object, no history) into the columns: a new one appended.
    function putTrial(cols, t) {
      var i = state.index.get(t.trialId);
      if (i === undefined) {
        i = cols.ids.length;
        state.index.set(t.trialId, i);
        cols.ids.push(t.trialId);
        cols.status.push(0); cols.epochs.push(0); cols.bracket.push(null); cols.round.push(null); cols.worker.push(-1); cols.seconds.push(0);
        cols.metrics.forEach(function (m) { m.values.push(null); });
        cols.hyperparameters.forEach(function (c) { if (c.numbers) c.numbers.push(null); else c.codes.push(-1); });
      }
      cols.status[i] = code(cols.statusWords, t.status);
      cols.epochs[i] = t.epochs;
      cols.bracket[i] = t.bracket === undefined ? null : t.bracket;
      cols.round[i] = t.round === undefined ? null : t.round;
      cols.worker[i] = t.worker ? code(cols.workerWords, t.worker) : -1;
      cols.seconds[i] = t.seconds;
      cols.metrics.forEach(function (m) { var v = t[m.name]; m.values[i] = typeof v === "number" ? v : null; });
      cols.hyperparameters.forEach(function (c) {
        var v = (t.hyperparameters || {})[c.name];
        if (c.numbers) c.numbers[i] = typeof v === "number" ? v : null;
        else { c.codes[i] = v === undefined ? -1 : code(c.words, JSON.stringify(v)); c.parsed = null; }
      });
    }

    function code(words, word) {
      var k = words.indexOf(word);
      if (k < 0) { words.push(word); k = words.length - 1; }
      return k;
    }

    // --- the trials table: one page, sorted by the source ---------------------------------------------

    var columns = [
      { key: "trialId", sort: "id", label: "trial", get: function (t) { return t.trialId; } },
      { key: "status", sort: "status", label: "status", get: function (t) { return t.status; } },
      { key: "objective", sort: "objective", label: "val_loss", get: null, num: true },
      { key: "loss", label: "loss", get: function (t) { return t.loss; }, num: true },
      { key: "epochs", sort: "epochs", label: "epochs", get: function (t) { return t.epochs; }, num: true },
      { key: "bracket", label: "bracket", get: function (t) { return t.bracket; }, num: true },
      { key: "round", label: "round", get: function (t) { return t.round; }, num: true },
      { key: "worker", label: "worker", get: function (t) { return t.worker; } },
      { key: "seconds", sort: "seconds", label: "seconds", get: function (t) { return t.seconds; }, num: true },
    ];

    function tableColumns() {
      var obj = objective();
      var accuracy = /accuracy$/.test(obj) || (state.cols && state.cols.metrics.some(function (m) { return /accuracy$/.test(m.name); }));
      return columns.map(function (c) {
        if (c.key !== "objective") return c;
        return { key: "objective", sort: "objective", label: obj, num: true, get: function (t) { return objectiveOf(t, obj); } };
      }).filter(function (c) { return c.key !== "loss" || obj !== "loss"; })
        .concat(accuracy ? ["val_loss", "val_accuracy", "accuracy"].filter(function (m) { return m !== obj; }).map(function (m) {
          return { key: m, label: m, num: true, get: function (t) { return t[m]; } };
        }) : [])
        .concat(dimensions().map(function (d) { return { key: "hp:" + d.name, sort: "hp." + d.name, label: d.name, hp: true, get: function (t) { return (t.hyperparameters || {})[d.name]; } }; }));
    }

    function drawTable() {
      var cols = tableColumns();
      var reverse = state.sort.charAt(0) === "-", word = reverse ? state.sort.slice(1) : state.sort;
      // "objective" sorts best first: highest first for an accuracy, so its arrow points down unless reversed.
      var maximized = TunerSources.maximizes(objective());
      while (table.firstChild) table.removeChild(table.firstChild);
      table.appendChild(h("thead", {}, [h("tr", {}, cols.map(function (c) {
        var sorted = c.sort === word, descending = c.sort === "objective" && maximized ? !reverse : reverse;
        return h("th", {
          "class": (c.num || c.hp ? "num" : "") + (c.sort ? " sortable" : ""), "data-key": c.key, title: c.sort ? "sort by " + c.label : null,
          "aria-sort": sorted ? (descending ? "descending" : "ascending") : null,
          text: c.label + (sorted ? (descending ? " ▼" : " ▲") : ""),
          onclick: c.sort ? function () {
            state.sort = c.sort === word && !reverse ? "-" + c.sort : c.sort;
            state.offset = 0;
            loadPage();
          } : null,
        });
      }))]));
      table.appendChild(h("tbody"));
      drawRows();
    }

    function drawRows() {
      var body = table.tBodies[0];
      if (!body || !state.page) return;
      var cols = tableColumns(), best = bestId();
      while (body.firstChild) body.removeChild(body.firstChild);
      state.page.trials.forEach(function (t) {
        var cls = (t.trialId === best ? "best " : "") + (t.trialId === state.focus ? "focus" : "");
        body.appendChild(h("tr", { "class": cls.trim() || null, "data-trial": t.trialId, title: t.error || null, onclick: function () { setFocus(t.trialId); } },
          cols.map(function (c) {
            var v = c.get(t);
            if (c.key === "status") return h("td", {}, [badge(v)]);
            var shown = v === null || v === undefined ? "–" : c.hp ? hpText(v) : typeof v === "number" && !Number.isInteger(v) ? fmt(v) : String(v);
            return h("td", { "class": c.num || c.hp ? "num" : null, text: shown });
          })));
      });
      var p = state.page, last = Math.max(0, Math.ceil(p.total / PAGE) - 1) * PAGE;
      tableNote.textContent = count(p.total, "trial") + (best ? "; best " + best : "") + ". Click a column to sort, a row to focus its curve and points.";
      while (pager.firstChild) pager.removeChild(pager.firstChild);
      function go(label, offset, name) {
        var disabled = offset === p.offset || offset < 0 || offset > last;
        return h("button", { type: "button", "data-page": name, disabled: disabled, text: label, onclick: function () { state.offset = offset; loadPage(); } });
      }
      pager.appendChild(go("« first", 0, "first"));
      pager.appendChild(go("‹ prev", Math.max(0, p.offset - PAGE), "prev"));
      pager.appendChild(h("span", { "class": "muted small range", text: (p.total ? (p.offset + 1) + "–" + (p.offset + p.trials.length) : "0") + " of " + p.total }));
      pager.appendChild(go("next ›", p.offset + PAGE, "next"));
      pager.appendChild(go("last »", last, "last"));
    }

    function loadPage() {
      clearTimeout(state.pageTimer);
      state.pageTimer = null;
      var asked = { offset: state.offset, limit: PAGE, sort: state.sort };
      return source.page(asked).then(function (p) {
        if (asked.offset !== state.offset || asked.sort !== state.sort) return; // the reader moved on meanwhile
        state.page = p;
        drawTable();
      });
    }

    function chooseScale() {
      var values = TunerSources.metricColumn(state.cols, state.cols.objective) || [];
      var lo = Infinity, hi = -Infinity;
      for (var i = 0; i < values.length; i++) { var v = values[i]; if (v > 0 && isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } }
      if (lo === Infinity || lo === hi) return;
      state.yLog = hi / lo > 10;
      logToggle.checked = state.yLog;
    }

    function drawCharts() {
      drawCurves();
      drawScatters();
    }

    // --- what the best model does (ModelReport): forecast against actual, confusion matrix, a sample ---------------

    function drawModel(m) {
      while (modelCard.firstChild) modelCard.removeChild(modelCard.firstChild);
      if (!m) { modelCard.hidden = true; return; }
      modelCard.hidden = false;
      var at = m.trialId + (m.epoch ? " at epoch " + m.epoch : "");
      if (m.forecast && m.forecast.index.length === 0) {
        // validationSplit 0: empty axes and "RMSE –" would read as a chart of nothing.
        modelCard.appendChild(h("h3", { text: "Best model" }));
        modelCard.appendChild(h("p", { "class": "muted small model-note", text: "The job has no validation part (validationSplit 0): no forecast of unseen rows to show for the best model (" + at + ")." }));
      } else if (m.forecast) {
        var f = m.forecast;
        // A long validation part drawn whole is a solid band (thousands of rows in a chart ~600 units wide): the chart
        // shows its last FORECAST_ROWS rows, where the two lines can be told apart; the RMSEs are over every row.
        var from = Math.max(0, f.index.length - FORECAST_ROWS);
        var rows = f.index.slice(from);
        modelCard.appendChild(h("h3", { text: "Best model: " + f.target + " over the validation part" }));
        var chart = svg("chart forecast");
        modelCard.appendChild(chart); // first, so the chart knows its width on the page
        TunerCharts.lineChart(chart, {
          xLabel: "row", yLabel: f.target, yLog: false, width: chart.getBoundingClientRect().width,
          series: [
            { id: "actual", cls: "actual", points: rows.map(function (x, i) { return [x, f.actual[from + i]]; }), title: "actual" },
            { id: "forecast", cls: "forecast best", points: rows.map(function (x, i) { return [x, f.forecast[from + i]]; }), title: "forecast (" + at + ")" },
          ],
        });
        var shown = from > 0 ? " Shown: the last " + rows.length + " of its " + f.index.length + " rows." : "";
        modelCard.appendChild(h("p", { "class": "muted small model-note", text: "Actual (grey) and the best model's forecast (" + at + "), in the target's units: RMSE " +
          fmt(f.rmse) + "; the persistence forecast (the last value the window saw) " + fmt(f.persistenceRmse) + " (over every validation row)." + shown }));
      } else if (m.classification && m.classification.count === 0) {
        // validationSplit 0: an all-zero matrix and "accuracy – on 0 samples" would read as a result.
        modelCard.appendChild(h("h3", { text: "Best model" }));
        modelCard.appendChild(h("p", { "class": "muted small model-note", text: "The job has no validation part (validationSplit 0): nothing to score the best model (" + at + ") on." }));
      } else if (m.classification) {
        var c = m.classification;
        modelCard.appendChild(h("h3", { text: "Best model: validation confusion matrix" }));
        var matrix = h("table", { "class": "grid confusion" });
        matrix.appendChild(h("thead", {}, [h("tr", {}, [h("th", { text: "actual \\ predicted" })].concat(c.labels.map(function (l) { return h("th", { "class": "num", text: l }); })))]));
        var body = h("tbody");
        c.confusion.forEach(function (row, a) {
          body.appendChild(h("tr", {}, [h("th", { text: c.labels[a] })].concat(row.map(function (n, p) {
            return h("td", { "class": "num" + (a === p ? " diagonal" : ""), text: String(n) });
          }))));
        });
        matrix.appendChild(body);
        modelCard.appendChild(h("div", { "class": "table-wrap" }, [matrix]));
        modelCard.appendChild(h("p", { "class": "muted small model-note", text: "Accuracy " + fmt(c.accuracy) + " on " + c.count +
          " validation samples (" + at + "); always guessing the most frequent class scores " + fmt(c.majorityRate) + "." }));
      } else if (m.generation) {
        var g = m.generation;
        modelCard.appendChild(h("h3", { text: "Best model: a generated sample" }));
        modelCard.appendChild(h("pre", { "class": "sample" }, [h("span", { "class": "prompt", text: g.prompt }), h("span", { "class": "continuation", text: g.sample })]));
        var validated = g.valLoss !== null && g.valLoss !== undefined;
        modelCard.appendChild(h("p", { "class": "muted small model-note", text: (validated ? "The validation part's" : "The text's") + " first window (grey), continued by the best model (" + at +
          ") at temperature " + g.temperature + ", seed " + g.seed + ". " + (validated
            ? "Validation loss " + fmt(g.valLoss) + " nats; predicting the training part's character frequencies: " + fmt(g.frequencyLoss) + "."
            : "No validation part (validationSplit 0): no loss to compare.") }));
      }
    }


    // The line charts take the width the page gives them (a phone turned, a window resized): drawn again when it changes.
    var resizeTimer = null;
    function onResize() {
      if (!container.contains(curves)) { window.removeEventListener("resize", onResize); return; } // another job's view now
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () { drawCurves(); if (state.model) drawModel(state.model); }, 150);
    }
    window.addEventListener("resize", onResize);

    return {
      // The first complete render: table page, curves and points, then a performance mark the benchmark reads.
      start: function (meta) {
        state.meta = meta || null;
        head();
        return Promise.all([loadPoints(), loadCurves(), loadPage()]).then(function () {
          if (state.drawn) return;
          state.drawn = true;
          drawCurves(); // the points may have chosen the log scale after the curves were drawn
          performance.mark("tuner-first-render");
        });
      },
      model: function (report) {
        state.model = report;
        drawModel(report);
      },
      summary: function (summary) {
        var bestChanged = !state.summary || state.summary.bestTrialId !== summary.bestTrialId;
        var ended = state.summary && state.summary.status === "running" && summary.status !== "running" && summary.status !== "recovering";
        state.summary = summary;
        // The job ended: its last page and curves now, not when the throttle would have fetched them.
        if (ended && state.drawn) { loadPage(); loadCurves(); }
        head();
        if (bestChanged) { drawScatters(); drawRows(); drawCurves(); }
      },
      // A live update (event: trials): the changed trials into the points, the scatters redrawn and the visible rows
      // replaced at once; the page (its order may change) and the curves refetched at most every second or two.
      // Returns false when an update was missed (the caller fetches the points afresh).
      trials: function (delta) {
        var cols = state.cols;
        if (!cols) return true;
        if (delta.version <= cols.version) return true;
        if (delta.since > cols.version) { loadPoints(); return false; }
        delta.trials.forEach(function (t) { putTrial(cols, t); });
        cols.version = delta.version;
        drawScatters();
        if (state.page) {
          var changed = new Map();
          delta.trials.forEach(function (t) { changed.set(t.trialId, t); });
          state.page.trials = state.page.trials.map(function (t) { return changed.get(t.trialId) || t; });
          drawRows();
        }
        if (!state.pageTimer) state.pageTimer = setTimeout(function () { state.pageTimer = null; loadPage(); }, PAGE_EVERY_MS);
        if (!state.curvesTimer) state.curvesTimer = setTimeout(function () { state.curvesTimer = null; loadCurves(); }, CURVES_EVERY_MS);
        return true;
      },
      // Everything afresh (a reopened stream may have missed changes): points, curves and the page.
      reload: function () { return Promise.all([loadPoints(), loadCurves(), loadPage()]); },
    };
  }

  return { renderJobs: renderJobs, workersText: workersText, jobView: jobView, h: h };
})();
