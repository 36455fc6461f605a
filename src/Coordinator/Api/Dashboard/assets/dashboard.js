// Tuner dashboard: the live page at "/". The jobs list is polled (every 3 s); the selected job follows its
// server-sent events (GET api/jobs/{id}/events, read with fetch so the bearer token can be sent) and refetches
// results.json at most once a second while it changes. Everything comes from this coordinator's API.
"use strict";

(function () {
  var JOBS_EVERY_MS = 3000;
  var RESULTS_EVERY_MS = 1000;
  var state = { token: sessionStorage.getItem("tuner-token") || "", selected: null, view: null, stream: null, jobs: [], resultsTimer: null, resultsBusy: false, autoSelected: false };

  var jobsBody = document.querySelector("#jobs tbody");
  var jobsEmpty = document.getElementById("jobs-empty");
  var jobSection = document.getElementById("job");
  var connection = document.getElementById("connection");
  var banner = document.getElementById("banner");
  var tokenForm = document.getElementById("token-form");

  function AuthError() { this.message = "the API needs a token"; }

  function headers(extra) {
    var all = Object.assign({}, extra || {});
    if (state.token) all.Authorization = "Bearer " + state.token;
    return all;
  }

  function api(path) {
    return fetch(path, { headers: headers({ Accept: "application/json" }), cache: "no-store" }).then(function (response) {
      if (response.status === 401) { tokenForm.hidden = false; throw new AuthError(); }
      if (!response.ok) {
        return response.json().catch(function () { return null; }).then(function (body) {
          throw new Error(body && body.errors ? body.errors.join("; ") : "HTTP " + response.status + " for " + path);
        });
      }
      return response.status === 204 ? null : response.json();
    });
  }

  function setConnection(ok, text) {
    connection.textContent = text;
    connection.className = "conn " + (ok ? "ok" : "bad");
  }

  function showError(error) {
    if (error instanceof AuthError) { setConnection(false, "token needed"); return; }
    banner.hidden = false;
    banner.textContent = error.message || String(error);
    setConnection(false, "offline");
  }

  function clearError() {
    banner.hidden = true;
    banner.textContent = "";
  }

  // --- jobs list -------------------------------------------------------------------------------------

  function refreshJobs() {
    return api("api/jobs").then(function (doc) {
      clearError();
      if (!state.stream) setConnection(true, "connected");
      state.jobs = doc.jobs;
      jobsEmpty.hidden = doc.jobs.length > 0;
      TunerViews.renderJobs(jobsBody, doc.jobs, state.selected, function (id) { location.hash = "#/jobs/" + encodeURIComponent(id); });
      if (!state.selected && !state.autoSelected && doc.jobs.length > 0) {
        state.autoSelected = true; // the newest job, once; afterwards the reader chooses
        select(doc.jobs[0].id);
      }
    }).catch(showError);
  }

  // --- the selected job ------------------------------------------------------------------------------

  function selectedFromHash() {
    var match = /^#\/jobs\/(.+)$/.exec(location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function select(id) {
    if (id === state.selected) return;
    stopStream();
    clearTimeout(state.resultsTimer);
    state.selected = id;
    var container = document.getElementById("job-view");
    while (container.firstChild) container.removeChild(container.firstChild);
    jobSection.hidden = !id;
    if (!id) return;
    state.view = TunerViews.jobView(container);
    state.modelKey = null;
    Array.prototype.forEach.call(jobsBody.rows, function (row) { row.classList.toggle("selected", row.getAttribute("data-job") === id); });
    loadResults();
    follow(id, 0);
  }

  function loadResults() {
    var id = state.selected;
    if (!id || state.resultsBusy) return;
    state.resultsBusy = true;
    api("api/jobs/" + encodeURIComponent(id) + "/results").then(function (results) {
      if (id === state.selected) { clearError(); state.view.update(results); loadModel(id, results); }
    }).catch(showError).then(function () { state.resultsBusy = false; });
  }

  // A finished job's best model, as report.html shows it: fetched once per best checkpoint (evaluating it costs
  // the coordinator a pass over the validation part). A job without one (or a coordinator without checkpoints)
  // simply has no model card.
  function loadModel(id, results) {
    if (results.status === "running" || !results.best || !results.best.checkpoint) return;
    var key = id + " " + results.best.checkpoint;
    if (state.modelKey === key) return;
    state.modelKey = key;
    api("api/jobs/" + encodeURIComponent(id) + "/model").then(function (report) {
      if (report && id === state.selected) state.view.model(report);
    }).catch(function () { /* no model card */ });
  }

  // At most one results fetch per RESULTS_EVERY_MS however fast summaries arrive.
  function scheduleResults() {
    if (state.resultsTimer) return;
    state.resultsTimer = setTimeout(function () { state.resultsTimer = null; loadResults(); }, RESULTS_EVERY_MS);
  }

  function stopStream() {
    if (state.stream) state.stream.abort();
    state.stream = null;
  }

  // Reads the job's event stream; reopens it (with a growing pause) when it ends before the job does.
  function follow(id, failures) {
    var controller = new AbortController();
    state.stream = controller;
    var final = false;
    fetch("api/jobs/" + encodeURIComponent(id) + "/events", { headers: headers({ Accept: "text/event-stream" }), cache: "no-store", signal: controller.signal })
      .then(function (response) {
        if (response.status === 401) { tokenForm.hidden = false; throw new AuthError(); }
        if (!response.ok) throw new Error("HTTP " + response.status + " for the events of " + id);
        setConnection(true, "live");
        return readEvents(response.body.getReader(), function (summary) {
          failures = 0;
          state.view.summary(summary);
          updateJobRow(summary);
          if (summary.status !== "running") { final = true; clearTimeout(state.resultsTimer); state.resultsTimer = null; loadResults(); }
          else scheduleResults();
        });
      })
      .catch(function (error) { if (error.name !== "AbortError") showError(error); })
      .then(function () {
        if (controller.signal.aborted || state.selected !== id) return;
        state.stream = null;
        if (final) { setConnection(true, "connected"); return; }
        setTimeout(function () { if (state.selected === id && !state.stream) follow(id, failures + 1); }, Math.min(10000, 1000 * (failures + 1)));
      });
  }

  function readEvents(reader, onSummary) {
    var decoder = new TextDecoder();
    var buffer = "";
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) return;
        buffer += decoder.decode(chunk.value, { stream: true });
        var end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          var block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          var event = "message", data = [];
          block.split("\n").forEach(function (line) {
            if (line.indexOf("event:") === 0) event = line.slice(6).trim();
            else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
          });
          if (event === "summary" && data.length) onSummary(JSON.parse(data.join("\n")));
        }
        return pump();
      });
    }
    return pump();
  }

  // The list row of the followed job moves with its stream, between polls.
  function updateJobRow(summary) {
    var changed = false;
    state.jobs = state.jobs.map(function (job) { if (job.id === summary.id) { changed = true; return summary; } return job; });
    if (changed) TunerViews.renderJobs(jobsBody, state.jobs, state.selected, function (id) { location.hash = "#/jobs/" + encodeURIComponent(id); });
  }

  // --- start -----------------------------------------------------------------------------------------

  tokenForm.addEventListener("submit", function (e) {
    e.preventDefault();
    state.token = document.getElementById("token-input").value.trim();
    sessionStorage.setItem("tuner-token", state.token);
    tokenForm.hidden = true;
    var id = state.selected;
    state.selected = null;
    refreshJobs().then(function () { if (id) select(id); });
  });

  window.addEventListener("hashchange", function () { select(selectedFromHash()); });
  var initial = selectedFromHash();
  if (initial) { state.autoSelected = true; select(initial); }
  refreshJobs();
  setInterval(function () { if (!document.hidden) refreshJobs(); }, JOBS_EVERY_MS);
})();
