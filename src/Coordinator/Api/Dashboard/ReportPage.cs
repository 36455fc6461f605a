using System.Text;
using System.Text.Json;
using Tuner.Contracts.Results;
using Tuner.Runtime.Serialization;

namespace Tuner.Coordinator.Api.Dashboard;

/// <summary><c>report.html</c>: the dashboard's job view (learning curves, the objective against each hyperparameter,
/// the trials table, and what the best model does: <see cref="ModelReport"/>) as one self-contained file — styles,
/// scripts, results.json and the model report inlined, nothing fetched.</summary>
public static class ReportPage
{
    public static string Render(ResultsDocument results, ModelReport? model = null)
    {
        var data = JsonSerializer.Serialize(results, TunerJsonSerializer.Options);
        var modelData = model is null ? "null" : JsonSerializer.Serialize(model, TunerJsonSerializer.Options);
        var page = new StringBuilder(DashboardAssets.Required("report.html"));
        page.Replace("/*{{styles}}*/", DashboardAssets.Required("tuner.css"));
        page.Replace("/*{{scripts}}*/", string.Join("\n", new[] { "charts.js", "views.js", "report.js" }.Select(DashboardAssets.Required)));
        page.Replace("{{title}}", System.Net.WebUtility.HtmlEncode($"Tuner report: {results.Job}"));
        // Last, so nothing in the data is taken for a placeholder. '<' only occurs inside JSON strings, where
        // \u003c means the same: the data can never close its <script> element.
        // "{{" only occurs inside JSON strings too: escaped, the model's text can never contain the data's placeholder.
        page.Replace("{{model}}", modelData.Replace("<", "\\u003c", StringComparison.Ordinal).Replace("{{", "{\\u007b", StringComparison.Ordinal));
        page.Replace("{{data}}", data.Replace("<", "\\u003c", StringComparison.Ordinal));
        return page.ToString();
    }
}
