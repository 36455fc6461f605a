// report.html: the job view drawn once from the results.json inlined in the page.
"use strict";

(function () {
  var results = JSON.parse(document.getElementById("tuner-results").textContent);
  TunerViews.jobView(document.getElementById("job-view")).update(results);
})();
