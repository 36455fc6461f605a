using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Results;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Runtime.Serialization;

namespace Tuner.Coordinator.Api.Dashboard;

/// <summary><c>report.html</c>: the dashboard's job view (learning curves, the objective against each hyperparameter,
/// the trials table, and what the best model does: <see cref="ModelReport"/>) as one self-contained file — styles and
/// scripts inlined, nothing fetched. The data is what the dashboard would fetch, precomputed: the job without its trials,
/// the learning-curve summary (<see cref="CurvesBuilder"/>: the best trials and the quantile band, not every history) and
/// the compact trial table (<see cref="TrialColumnsBuilder"/>), so it opens fast at 100,000 trials.</summary>
public static class ReportPage
{
    public static string Render(ResultsDocument results, ModelReport? model = null)
    {
        var objective = SpecWords.Objectives.Contains(results.Objective) ? SpecWords.ObjectiveOf(results.Objective) : ObjectiveKind.ValLoss;
        var report = new ReportData(
            results with { Trials = [] },
            CurvesBuilder.Build(results.Trials, objective, objective, CurvesBuilder.DefaultBest),
            TrialColumnsBuilder.Build(results.Trials, results.Objective, results.SearchSpace, 0));
        var data = JsonSerializer.Serialize(report, TunerJsonSerializer.Options);
        var modelData = model is null ? "null" : JsonSerializer.Serialize(model, TunerJsonSerializer.Options);
        var page = new StringBuilder(DashboardAssets.Required("report.html"));
        page.Replace("/*{{styles}}*/", DashboardAssets.Required("tuner.css"));
        page.Replace("/*{{scripts}}*/", string.Join("\n", new[] { "charts.js", "trialsource.js", "views.js", "report.js" }.Select(DashboardAssets.Required)));
        page.Replace("{{title}}", System.Net.WebUtility.HtmlEncode($"Tuner report: {results.Job}"));
        // Last, so nothing in the data is taken for a placeholder. '<' only occurs inside JSON strings, where
        // \u003c means the same: the data can never close its <script> element.
        // "{{" only occurs inside JSON strings too: escaped, the model's text can never contain the data's placeholder.
        page.Replace("{{model}}", modelData.Replace("<", "\\u003c", StringComparison.Ordinal).Replace("{{", "{\\u007b", StringComparison.Ordinal));
        page.Replace("{{data}}", data.Replace("<", "\\u003c", StringComparison.Ordinal));
        return page.ToString();
    }

    /// <summary>What report.html inlines (<c>&lt;script id="tuner-results"&gt;</c>): the job (results.json without its
    /// trials), the curves summary and the trial table.</summary>
    public sealed record ReportData(
        [property: JsonPropertyName("job")] ResultsDocument Job,
        [property: JsonPropertyName("curves")] LearningCurves Curves,
        [property: JsonPropertyName("points")] TrialColumns Points);
}
