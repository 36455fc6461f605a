// report.html: the job view drawn once from the documents inlined in the page — the results without trials, the
// learning-curve summary and the compact trial table (TunerSources.inline pages and sorts it here).
"use strict";

(function () {
  var data = JSON.parse(document.getElementById("tuner-results").textContent);
  var model = JSON.parse(document.getElementById("tuner-model").textContent);
  var view = TunerViews.jobView(document.getElementById("job-view"), TunerSources.inline(data));
  view.start(data.job);
  if (model) view.model(model);
})();
