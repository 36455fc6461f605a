// Tuner trial sources: where a job view gets its data. The live dashboard asks the coordinator (a page of the trials
// table sorted by the server, the learning-curve summary, every trial's point); report.html has the same documents
// inlined and pages and sorts its compact table itself, by the same rules as GET /api/jobs/{id}/trials.
"use strict";

var TunerSources = (function () {
  // --- the compact table (TrialColumns: GET /api/jobs/{id}/points) ---------------------------------------------

  // True for an objective ranked highest first (the accuracies); losses rank lowest first.
  function maximizes(objective) { return /accuracy$/.test(objective); }

  function metricColumn(cols, name) {
    for (var m = 0; m < cols.metrics.length; m++) if (cols.metrics[m].name === name) return cols.metrics[m].values;
    return null;
  }

  // Trial i's value of hyperparameter column c: a number, or the word's value (a choice's "lstm", true).
  function hpValue(c, i) {
    if (c.numbers) return c.numbers[i];
    var code = c.codes[i];
    return code < 0 ? null : parseWord(c, code);
  }

  function parseWord(c, code) {
    if (!c.parsed) c.parsed = c.words.map(function (w) { try { return JSON.parse(w); } catch (e) { return w; } });
    return c.parsed[code];
  }

  function errorOf(cols, i) {
    if (!cols.errors) return null;
    if (!cols.errorIndex) { cols.errorIndex = {}; cols.errors.forEach(function (e) { cols.errorIndex[e.index] = e.error; }); }
    return cols.errorIndex[i] || null;
  }

  // Trial i as results.json's trial object (without history).
  function row(cols, i) {
    var t = { trialId: cols.ids[i], status: cols.statusWords[cols.status[i]], epochs: cols.epochs[i], bracket: cols.bracket[i], round: cols.round[i],
      worker: cols.worker[i] < 0 ? null : cols.workerWords[cols.worker[i]], seconds: cols.seconds[i], hyperparameters: {} };
    cols.metrics.forEach(function (m) { t[m.name] = m.values[i]; });
    cols.hyperparameters.forEach(function (c) { var v = hpValue(c, i); if (v !== null && v !== undefined) t.hyperparameters[c.name] = v; });
    var error = errorOf(cols, i);
    if (error) t.error = error;
    return t;
  }

  // The sort key of trial i for a sort word of the trials endpoint (objective, id, status, epochs, seconds, hp.NAME).
  function keyOf(cols, word) {
    if (word === "id") return function (i) { return i; };
    if (word === "status") return function (i) { return cols.statusWords[cols.status[i]]; };
    if (word === "epochs") return function (i) { return cols.epochs[i]; };
    if (word === "seconds") return function (i) { return cols.seconds[i]; };
    if (word.indexOf("hp.") === 0) {
      var c = cols.hyperparameters.filter(function (h) { return h.name === word.slice(3); })[0];
      return c ? function (i) { return hpValue(c, i); } : null;
    }
    if (word === "objective") {
      var values = metricColumn(cols, cols.objective) || [];
      var maximize = maximizes(cols.objective);
      return function (i) { var v = values[i]; return v === null || v === undefined ? null : maximize ? -v : v; };
    }
    return null;
  }

  // Trial indexes in the order of sort (a leading "-" reverses; missing values last; ties in start order): the rules of
  // the server's TrialOrder.
  function order(cols, sort) {
    var reverse = sort.charAt(0) === "-", word = reverse ? sort.slice(1) : sort;
    var key = keyOf(cols, word) || keyOf(cols, "objective");
    var n = cols.ids.length, idx = new Array(n), keys = new Array(n), i;
    for (i = 0; i < n; i++) { idx[i] = i; keys[i] = key(i); }
    idx.sort(function (a, b) {
      var x = keys[a], y = keys[b], xm = x === null || x === undefined, ym = y === null || y === undefined;
      if (xm || ym) { if (xm !== ym) return xm ? 1 : -1; }
      else {
        var c = typeof x === "number" && typeof y === "number" ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
        if (c !== 0) return reverse ? -c : c;
      }
      return a - b; // ties in start order, as the server's TrialOrder

    });
    return idx;
  }

  // --- sources ---------------------------------------------------------------------------------------

  // The coordinator's API; api(path) → a promise of the JSON document (dashboard.js: token, errors).
  function fromApi(jobId, api) {
    var base = "api/jobs/" + encodeURIComponent(jobId);
    return {
      live: true,
      page: function (q) { return api(base + "/trials?offset=" + q.offset + "&limit=" + q.limit + "&sort=" + encodeURIComponent(q.sort)); },
      curves: function (q) {
        return api(base + "/curves?best=" + q.best + (q.all ? "&all=true" : "") + (q.include || []).map(function (id) { return "&trial=" + encodeURIComponent(id); }).join(""));
      },
      points: function () { return api(base + "/points"); },
    };
  }

  // report.html's inlined documents: { curves, points } (and the job's results without trials).
  function inline(data) {
    var sorted = {};
    return {
      live: false,
      page: function (q) {
        var idx = sorted[q.sort] || (sorted[q.sort] = order(data.points, q.sort));
        var trials = [];
        for (var k = q.offset; k < Math.min(idx.length, q.offset + q.limit); k++) trials.push(row(data.points, idx[k]));
        return Promise.resolve({ total: idx.length, offset: q.offset, limit: q.limit, sort: q.sort, version: 0, trials: trials });
      },
      curves: function () { return Promise.resolve(data.curves); },
      points: function () { return Promise.resolve(data.points); },
    };
  }

  return { fromApi: fromApi, inline: inline, row: row, hpValue: hpValue, metricColumn: metricColumn, order: order, maximizes: maximizes };
})();
