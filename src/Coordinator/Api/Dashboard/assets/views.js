// Tuner views: the jobs table and one job's view (learning curves, val_loss against each hyperparameter, the
// sortable trials table), built from the API's documents (JobSummary, results.json). Shared by the live dashboard
// and the self-contained report.html. Every value reaches the page as text, never as HTML.
"use strict";

var TunerViews = (function () {
  var fmt = TunerCharts.format;

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

  // --- the jobs table --------------------------------------------------------------------------------

  function renderJobs(tbody, jobs, selectedId, onSelect) {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
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
        h("td", { "class": "num", text: job.bestObjective === null || job.bestObjective === undefined ? "–" : fmt(job.bestObjective) }),
        h("td", { "class": "muted small", text: utc(job.submittedAt) }),
      ]);
      row.addEventListener("click", function (e) { if (e.target.tagName !== "A") onSelect(job.id); });
      row.addEventListener("keydown", function (e) { if (e.key === "Enter") onSelect(job.id); });
      tbody.appendChild(row);
    });
  }

  // --- one job ---------------------------------------------------------------------------------------

  // Builds the job view's skeleton in container; update(results, summary) redraws it and keeps the reader's
  // choices (log scale, sort order, focused trial) across updates.
  function jobView(container) {
    // yLog null: not chosen yet; the first results pick log when the losses span more than a decade.
    var state = { yLog: null, sortKey: "objective", sortDir: 1, focus: null, results: null, summary: null };
    var title = h("h2", { "class": "job-title" });
    var status = h("span");
    var line = h("span", { "class": "muted" });
    var logToggle = h("input", { type: "checkbox", id: "log-scale" });
    var curves = svg("chart curves");
    var curvesNote = h("p", { "class": "muted small" });
    var scatters = h("div", { "class": "scatter-grid" });
    var table = h("table", { "class": "grid trials", id: "trials" });
    var tableNote = h("p", { "class": "muted small" });

    container.appendChild(h("div", { "class": "job-head" }, [title, status, line]));
    container.appendChild(h("div", { "class": "charts" }, [
      h("section", { "class": "card" }, [
        h("header", { "class": "card-head" }, [h("h3", { text: "Learning curves" }), h("label", { "class": "toggle" }, [logToggle, " log scale"])]),
        curves, curvesNote,
      ]),
      h("section", { "class": "card" }, [h("header", { "class": "card-head" }, [h("h3", { "class": "objective-title", text: "val_loss by hyperparameter" })]), scatters]),
    ]));
    var modelCard = h("section", { "class": "card model", id: "best-model", hidden: true });
    container.appendChild(modelCard);
    container.appendChild(h("section", { "class": "card" }, [h("h3", { text: "Trials" }), tableNote, h("div", { "class": "table-wrap" }, [table])]));

    logToggle.addEventListener("change", function () { state.yLog = logToggle.checked; draw(); });

    function setFocus(id) {
      state.focus = state.focus === id ? null : id;
      draw();
    }

    function clickable(node) {
      node.addEventListener("click", function (e) {
        var id = e.target.getAttribute && e.target.getAttribute("data-trial");
        if (id) setFocus(id);
      });
    }
    clickable(curves);
    clickable(scatters);

    function head() {
      var s = state.summary, r = state.results;
      var id = (s && s.id) || (r && r.id) || "";
      title.textContent = id;
      while (status.firstChild) status.removeChild(status.firstChild);
      status.appendChild(badge((s && s.status) || (r && r.status) || "running"));
      var parts = [];
      if (s) {
        parts.push(s.epochsTrained + (s.epochsPlanned ? "/" + s.epochsPlanned : "") + " epochs");
        parts.push(s.trialsFinished + "/" + s.trialsStarted + " trials done");
        if (s.running && s.running.length) parts.push(s.running.length + " running");
        if (s.bestTrialId) parts.push("best " + s.objective + " " + fmt(s.bestObjective) + " (" + s.bestTrialId + ")");
        if (s.error) parts.push(s.error);
      } else if (r) {
        parts.push(r.algorithm + ", " + r.totalEpochs + " epochs trained, " + r.trials.length + " trials");
        if (r.best) parts.push("best " + r.objective + " " + fmt(objectiveOf(r.best, r.objective)) + " (" + r.best.trialId + ")");
      }
      line.textContent = parts.join(" · ");
    }

    function trialClass(trial, bestId) {
      var cls = "status-" + trial.status;
      if (trial.trialId === bestId) cls += " best";
      if (trial.trialId === state.focus) cls += " focus";
      return cls;
    }

    function drawCurves(r, bestId) {
      var metric = r.objective || "val_loss";
      var ordered = r.trials.filter(function (t) { return t.history && t.history.length; });
      // The best and the focused trial draw last, on top of the others.
      ordered.sort(function (a, b) { return rank(a) - rank(b); });
      function rank(t) { return (t.trialId === bestId ? 2 : 0) + (t.trialId === state.focus ? 1 : 0); }
      TunerCharts.lineChart(curves, {
        xLabel: "epoch", yLabel: metric, yLog: state.yLog,
        series: ordered.map(function (t) {
          return {
            id: t.trialId, cls: trialClass(t, bestId),
            points: t.history.map(function (e) { return [e.epoch, typeof e[metric] === "number" ? e[metric] : NaN]; }),
            title: t.trialId + " (" + t.status + ") " + metric + " " + fmt(objectiveOf(t, r.objective)) + "\n" + hpTitle(t),
          };
        }),
      });
      curvesNote.textContent = ordered.length + " trials; one line per trial" + (bestId ? ", best (" + bestId + ") highlighted" : "") + ". Click a line to focus it.";
    }

    function dimensions(r) {
      if (r.searchSpace && r.searchSpace.length) return r.searchSpace;
      // Older results without a search-space description: infer from the values.
      var names = [];
      r.trials.forEach(function (t) { Object.keys(t.hyperparameters || {}).forEach(function (k) { if (names.indexOf(k) < 0) names.push(k); }); });
      return names.map(function (name) {
        var numeric = r.trials.every(function (t) { var v = (t.hyperparameters || {})[name]; return v === undefined || typeof v === "number"; });
        return { name: name, type: numeric ? "float" : "choice" };
      });
    }

    function drawScatters(r, bestId) {
      while (scatters.firstChild) scatters.removeChild(scatters.firstChild);
      container.querySelector(".objective-title").textContent = r.objective + " by hyperparameter";
      dimensions(r).forEach(function (dim) {
        var categorical = dim.type === "choice" || dim.type === "fixed";
        var categories = null;
        if (categorical) {
          categories = (dim.values || []).map(hpText);
          r.trials.forEach(function (t) { var v = (t.hyperparameters || {})[dim.name]; if (v !== undefined && categories.indexOf(hpText(v)) < 0) categories.push(hpText(v)); });
        }
        var points = r.trials.filter(function (t) { return t.hyperparameters && t.hyperparameters[dim.name] !== undefined && objectiveOf(t, r.objective) !== null; })
          .map(function (t) {
            var v = t.hyperparameters[dim.name];
            return {
              id: t.trialId, x: categorical ? hpText(v) : v, y: objectiveOf(t, r.objective), cls: trialClass(t, bestId),
              title: t.trialId + " (" + t.status + ") " + dim.name + "=" + hpText(v) + " " + r.objective + " " + fmt(objectiveOf(t, r.objective)),
            };
          });
        // The best point draws last, on top.
        points.sort(function (a, b) { return (a.id === bestId) - (b.id === bestId); });
        var chart = svg("chart scatter");
        chart.setAttribute("data-parameter", dim.name);
        TunerCharts.scatter(chart, {
          points: points, categories: categories, xLog: dim.sampling === "log", integer: dim.type === "int",
          domain: typeof dim.min === "number" ? [dim.min, dim.max] : null,
          xLabel: dim.name, yLabel: r.objective, yLog: state.yLog,
        });
        scatters.appendChild(h("figure", { "class": "scatter-cell" }, [chart]));
      });
    }

    var columns = [
      { key: "trialId", label: "trial", get: function (t) { return t.trialId; } },
      { key: "status", label: "status", get: function (t) { return t.status; } },
      { key: "objective", label: "val_loss", get: null, num: true },
      { key: "loss", label: "loss", get: function (t) { return t.loss; }, num: true },
      { key: "epochs", label: "epochs", get: function (t) { return t.epochs; }, num: true },
      { key: "bracket", label: "bracket", get: function (t) { return t.bracket; }, num: true },
      { key: "round", label: "round", get: function (t) { return t.round; }, num: true },
      { key: "worker", label: "worker", get: function (t) { return t.worker; } },
      { key: "seconds", label: "seconds", get: function (t) { return t.seconds; }, num: true },
    ];

    function drawTable(r, bestId) {
      var names = dimensions(r).map(function (d) { return d.name; });
      var cols = columns.map(function (c) {
        if (c.key !== "objective") return c;
        return { key: "objective", label: r.objective, num: true, get: function (t) { return objectiveOf(t, r.objective); } };
      }).filter(function (c) { return c.key !== "loss" || r.objective !== "loss"; })
        .concat(hasAccuracy(r) ? ["val_loss", "val_accuracy", "accuracy"].filter(function (m) { return m !== r.objective; }).map(function (m) {
          return { key: m, label: m, num: true, get: function (t) { return t[m]; } };
        }) : [])
        .concat(names.map(function (n) { return { key: "hp:" + n, label: n, hp: true, get: function (t) { return (t.hyperparameters || {})[n]; } }; }));
      var sortCol = cols.filter(function (c) { return c.key === state.sortKey; })[0] || cols[2];
      var rows = r.trials.slice().sort(function (a, b) {
        var x = sortCol.get(a), y = sortCol.get(b);
        var xMissing = x === null || x === undefined, yMissing = y === null || y === undefined;
        if (xMissing || yMissing) return xMissing === yMissing ? a.trialId.localeCompare(b.trialId) : xMissing ? 1 : -1; // missing last
        var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return c !== 0 ? c * state.sortDir : a.trialId.localeCompare(b.trialId);
      });
      while (table.firstChild) table.removeChild(table.firstChild);
      var headRow = h("tr", {}, cols.map(function (c) {
        var arrow = c.key === sortCol.key ? (state.sortDir > 0 ? " ▲" : " ▼") : "";
        return h("th", {
          "class": (c.num || c.hp ? "num " : "") + "sortable", "data-key": c.key, title: "sort by " + c.label,
          "aria-sort": c.key === sortCol.key ? (state.sortDir > 0 ? "ascending" : "descending") : null,
          text: c.label + arrow,
          onclick: function () {
            if (state.sortKey === c.key) state.sortDir = -state.sortDir;
            else { state.sortKey = c.key; state.sortDir = 1; }
            draw();
          },
        });
      }));
      table.appendChild(h("thead", {}, [headRow]));
      var body = h("tbody");
      rows.forEach(function (t) {
        var cls = (t.trialId === bestId ? "best " : "") + (t.trialId === state.focus ? "focus" : "");
        body.appendChild(h("tr", { "class": cls.trim() || null, "data-trial": t.trialId, title: t.error || null, onclick: function () { setFocus(t.trialId); } },
          cols.map(function (c) {
            var v = c.get(t);
            if (c.key === "status") return h("td", {}, [badge(v)]);
            var shown = v === null || v === undefined ? "–" : c.hp ? hpText(v) : typeof v === "number" && !Number.isInteger(v) ? fmt(v) : String(v);
            return h("td", { "class": c.num || c.hp ? "num" : null, text: shown });
          })));
      });
      table.appendChild(body);
      tableNote.textContent = r.trials.length + " trials" + (bestId ? "; best " + bestId : "") + ". Click a column to sort, a row to focus its curve.";
    }

    function hasAccuracy(r) {
      return r.objective === "val_accuracy" || r.objective === "accuracy" ||
        r.trials.some(function (t) { return typeof t.val_accuracy === "number" || typeof t.accuracy === "number"; });
    }

    // --- what the best model does (ModelReport): forecast against actual, confusion matrix, a sample ---------------

    function drawModel(m) {
      while (modelCard.firstChild) modelCard.removeChild(modelCard.firstChild);
      if (!m) { modelCard.hidden = true; return; }
      modelCard.hidden = false;
      var at = m.trialId + (m.epoch ? " at epoch " + m.epoch : "");
      if (m.forecast) {
        var f = m.forecast;
        modelCard.appendChild(h("h3", { text: "Best model: " + f.target + " over the validation part" }));
        var chart = svg("chart forecast");
        TunerCharts.lineChart(chart, {
          xLabel: "row", yLabel: f.target, yLog: false,
          series: [
            { id: "actual", cls: "actual", points: f.index.map(function (x, i) { return [x, f.actual[i]]; }), title: "actual" },
            { id: "forecast", cls: "forecast best", points: f.index.map(function (x, i) { return [x, f.forecast[i]]; }), title: "forecast (" + at + ")" },
          ],
        });
        modelCard.appendChild(chart);
        modelCard.appendChild(h("p", { "class": "muted small model-note", text: "Actual (grey) and the best model's forecast (" + at + "), in the target's units: RMSE " +
          fmt(f.rmse) + "; the persistence forecast (the last value the window saw) " + fmt(f.persistenceRmse) + "." }));
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
        modelCard.appendChild(h("p", { "class": "muted small model-note", text: "The validation part's first window (grey), continued by the best model (" + at +
          ") at temperature " + g.temperature + ", seed " + g.seed + ". Validation loss " + fmt(g.valLoss) + " nats; predicting the training part's character frequencies: " +
          fmt(g.frequencyLoss) + "." }));
      }
    }

    function chooseScale(r) {
      var values = r.trials.map(function (t) { return objectiveOf(t, r.objective); }).filter(function (v) { return v > 0 && isFinite(v); });
      if (values.length < 2) return;
      state.yLog = Math.max.apply(null, values) / Math.min.apply(null, values) > 10;
      logToggle.checked = state.yLog;
    }

    function draw() {
      head();
      var r = state.results;
      if (!r) return;
      if (state.yLog === null) chooseScale(r);
      var bestId = r.best ? r.best.trialId : null;
      drawCurves(r, bestId);
      drawScatters(r, bestId);
      drawTable(r, bestId);
    }

    return {
      model: function (report) {
        drawModel(report);
      },
      update: function (results, summary) {
        // A maximized objective (an accuracy) lists the best first too.
        if (results && !state.results && /accuracy$/.test(results.objective || "")) state.sortDir = -1;
        if (results) state.results = results;
        if (summary) state.summary = summary;
        draw();
      },
      summary: function (summary) {
        state.summary = summary;
        head();
      },
    };
  }

  return { renderJobs: renderJobs, jobView: jobView, h: h };
})();
