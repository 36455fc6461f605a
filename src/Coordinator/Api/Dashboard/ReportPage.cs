using System.Text;
using System.Text.Json;
using Tuner.Contracts.Results;
using Tuner.Runtime.Serialization;

namespace Tuner.Coordinator.Api.Dashboard;

/// <summary><c>report.html</c>: the dashboard's job view (learning curves, val_loss against each hyperparameter,
/// the trials table) as one self-contained file — styles, scripts and results.json inlined, nothing fetched.</summary>
public static class ReportPage
{
    public static string Render(ResultsDocument results)
    {
        var data = JsonSerializer.Serialize(results, TunerJsonSerializer.Options);
        var page = new StringBuilder(DashboardAssets.Required("report.html"));
        page.Replace("/*{{styles}}*/", DashboardAssets.Required("tuner.css"));
        page.Replace("/*{{scripts}}*/", string.Join("\n", new[] { "charts.js", "views.js", "report.js" }.Select(DashboardAssets.Required)));
        page.Replace("{{title}}", System.Net.WebUtility.HtmlEncode($"Tuner report: {results.Job}"));
        // Last, so nothing in the data is taken for a placeholder. '<' only occurs inside JSON strings, where
        // \u003c means the same: the data can never close its <script> element.
        page.Replace("{{data}}", data.Replace("<", "\\u003c", StringComparison.Ordinal));
        return page.ToString();
    }
}
