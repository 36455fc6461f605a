// Tuner dashboard: the live page at "/". The jobs list and the workers are polled (every 3 s); the selected job draws one page of its
// trials table, its learning-curve summary and every trial's point (TunerSources.fromApi), then follows its
// server-sent events (GET api/jobs/{id}/events, read with fetch so the bearer token can be sent): summaries, and the
// trials that changed (event: trials), applied in place — the job is never fetched whole. Everything comes from this
// coordinator's API.
"use strict";

(function () {
  var JOBS_EVERY_MS = 3000;
  var state = { token: sessionStorage.getItem("tuner-token") || "", selected: null, view: null, stream: null, jobs: [], autoSelected: false, modelKey: null };

  var jobsBody = document.querySelector("#jobs tbody");
  var jobsEmpty = document.getElementById("jobs-empty");
  var jobSection = document.getElementById("job");
  var connection = document.getElementById("connection");
  var banner = document.getElementById("banner");
  var tokenForm = document.getElementById("token-form");
  var workersLine = document.getElementById("workers");

  function AuthError() { this.message = "the API needs a token"; }

  // A 401: ask for the token; a token the reader gave and the coordinator refused is said so, and forgotten. `sent` is
  // the token the refused request carried: an answer to one sent before the reader gave another says nothing of the
  // new one (a wrong token's late 401s forgot the right token typed after it).
  function askToken(sent) {
    if (sent !== state.token) return;
    tokenForm.hidden = false;
    if (!state.token) return;
    document.getElementById("token-refused").hidden = false;
    state.token = "";
    sessionStorage.removeItem("tuner-token");
  }

  // An answer other than 2xx or 401, with the API's own message ({"errors": […]}) when it sent one.
  function ApiError(status, message) { this.status = status; this.message = message; }

  function failure(response, what) {
    return response.json().catch(function () { return null; }).then(function (body) {
      throw new ApiError(response.status, body && body.errors ? body.errors.join("; ") : "HTTP " + response.status + " for " + what);
    });
  }

  function headers(extra) {
    var all = Object.assign({}, extra || {});
    if (state.token) all.Authorization = "Bearer " + state.token;
    return all;
  }

  function api(path) {
    var sent = state.token;
    return fetch(path, { headers: headers({ Accept: "application/json" }), cache: "no-store" }).then(function (response) {
      if (response.status === 401) { askToken(sent); throw new AuthError(); }
      if (!response.ok) return failure(response, path);
      return response.status === 204 ? null : response.json();
    });
  }

  function setConnection(ok, text) {
    connection.textContent = text;
    connection.className = "conn " + (ok ? "ok" : "bad");
  }

  function showError(error) {
    if (error instanceof AuthError) { setConnection(false, "token needed"); return; }
    // A job this coordinator does not have: said in the job's place; the coordinator itself answers fine.
    if (error instanceof ApiError && error.status === 404 && state.selected) { showMissing(error.message); return; }
    banner.hidden = false;
    // fetch's own words for a refused connection ("Failed to fetch", "NetworkError when attempting…") name nothing.
    banner.textContent = error instanceof TypeError
      ? "Cannot reach the coordinator at " + location.host + " (" + error.message + "); retrying every few seconds"
      : error.message || String(error);
    setConnection(false, "offline");
  }

  function showMissing(message) {
    var container = document.getElementById("job-view");
    while (container.firstChild) container.removeChild(container.firstChild);
    var note = document.createElement("p");
    note.className = "missing";
    note.textContent = message + " — choose a job from the list.";
    container.appendChild(note);
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

  // What the workers the coordinator hears from do: why jobs wait, at a glance.
  function refreshWorkers() {
    return api("api/workers").then(function (doc) {
      workersLine.textContent = TunerViews.workersText(doc.workers, doc.seeds);
    }).catch(function () { workersLine.textContent = ""; });
  }

  // --- the selected job ------------------------------------------------------------------------------

  function selectedFromHash() {
    var match = /^#\/jobs\/(.+)$/.exec(location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function select(id) {
    if (id === state.selected) return;
    stopStream();
    state.selected = id;
    var container = document.getElementById("job-view");
    while (container.firstChild) container.removeChild(container.firstChild);
    jobSection.hidden = !id;
    if (!id) return;
    state.view = TunerViews.jobView(container, TunerSources.fromApi(id, api));
    state.modelKey = null;
    Array.prototype.forEach.call(jobsBody.rows, function (row) { row.classList.toggle("selected", row.getAttribute("data-job") === id); });
    var view = state.view;
    view.start().then(function () { if (view === state.view) clearError(); }).catch(showError);
    follow(id, 0);
  }

  // A finished job's best model, as report.html shows it: fetched once per best trial (evaluating it costs the
  // coordinator a pass over the validation part). A job without one (or a coordinator without checkpoints) simply
  // has no model card (204).
  function loadModel(summary) {
    if (!summary.bestTrialId || summary.status === "running" || summary.status === "recovering") return;
    var key = summary.id + " " + summary.bestTrialId;
    if (state.modelKey === key) return;
    state.modelKey = key;
    var view = state.view;
    api("api/jobs/" + encodeURIComponent(summary.id) + "/model").then(function (report) {
      if (report && view === state.view) view.model(report);
    }).catch(function () { /* no model card */ });
  }

  function stopStream() {
    if (state.stream) state.stream.abort();
    state.stream = null;
  }

  // Reads the job's event stream; reopens it (with a growing pause) when it ends before the job does, and then
  // fetches the view afresh: trials may have changed while no stream was open.
  function follow(id, failures) {
    var controller = new AbortController();
    state.stream = controller;
    var final = false;
    var view = state.view;
    var sent = state.token;
    fetch("api/jobs/" + encodeURIComponent(id) + "/events", { headers: headers({ Accept: "text/event-stream" }), cache: "no-store", signal: controller.signal })
      .then(function (response) {
        if (response.status === 401) { askToken(sent); throw new AuthError(); }
        if (!response.ok) return failure(response, "the events of " + id);
        setConnection(true, "live");
        if (failures > 0) view.reload().catch(showError);
        return readEvents(response.body.getReader(), function (event, data) {
          if (event === "trials") {
            // Timed from the event's arrival to the page drawn again: what the live-update benchmark reads.
            var start = performance.now();
            view.trials(data);
            performance.measure("tuner-live-update", { start: start, end: performance.now() });
            return;
          }
          var summary = data;
          failures = 0;
          view.summary(summary);
          updateJobRow(summary);
          // "recovering" (the job's actor replaying the journal) is not an end: keep following.
          if (summary.status !== "running" && summary.status !== "recovering") { final = true; loadModel(summary); }
        });
      })
      .catch(function (error) {
        if (error instanceof ApiError && error.status === 404) final = true; // no such job: nothing to wait for
        if (error.name !== "AbortError") showError(error);
      })
      .then(function () {
        if (controller.signal.aborted || state.selected !== id) return;
        state.stream = null;
        if (final) { setConnection(true, "connected"); return; }
        setTimeout(function () { if (state.selected === id && !state.stream) follow(id, failures + 1); }, Math.min(10000, 1000 * (failures + 1)));
      });
  }

  function readEvents(reader, onEvent) {
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
          if ((event === "summary" || event === "trials") && data.length) onEvent(event, JSON.parse(data.join("\n")));
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
    document.getElementById("token-refused").hidden = true;
    var id = state.selected;
    state.selected = null;
    refreshJobs().then(function () { if (id) select(id); });
  });

  window.addEventListener("hashchange", function () { select(selectedFromHash()); });
  var initial = selectedFromHash();
  if (initial) { state.autoSelected = true; select(initial); }
  refreshJobs();
  refreshWorkers();
  setInterval(function () { if (!document.hidden) { refreshJobs(); refreshWorkers(); } }, JOBS_EVERY_MS);
})();
