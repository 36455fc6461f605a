// report.html: the job view drawn once from the results.json inlined in the page.
"use strict";

(function () {
  var results = JSON.parse(document.getElementById("tuner-results").textContent);
  var model = JSON.parse(document.getElementById("tuner-model").textContent);
  var view = TunerViews.jobView(document.getElementById("job-view"));
  view.update(results);
  if (model) view.model(model);
})();
