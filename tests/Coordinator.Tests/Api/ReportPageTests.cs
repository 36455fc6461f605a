using System.Text.Json;
using System.Text.RegularExpressions;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Api.Dashboard;
using Tuner.Runtime.Serialization;

namespace Tuner.Coordinator.Tests.Api;

/// <summary>report.html is one self-contained file: the results inlined (and never able to break out of their
/// script element), styles and scripts inlined, nothing fetched from anywhere.</summary>
public sealed class ReportPageTests
{
    private static ResultsDocument Results(string choice) => new(
        "sine", "sine-1", "completed", "forecast", "random", "val_loss", 4, 4, null,
        new[]
        {
            new TrialResult("t-0001", new Hyperparameters([new("cell", HyperparameterValue.String(choice))]), "completed", 0.5, 0.6, 2, null, null, "w", 0.1,
                new[] { new EpochMetrics(1, 0.9, 0.8), new EpochMetrics(2, 0.6, 0.5) }.ToValueList()),
        }.ToValueList(),
        [new SearchDimension("cell", "choice", Values: [HyperparameterValue.String(choice)])]);

    [Fact]
    public void The_report_inlines_the_results_styles_and_scripts_and_references_nothing_outside()
    {
        var results = Results("lstm");
        var html = ReportPage.Render(results);

        var data = Regex.Match(html, "<script type=\"application/json\" id=\"tuner-results\">(.*?)</script>", RegexOptions.Singleline);
        Assert.True(data.Success);
        // The job without its trials, the curves summary and the compact table: what the page draws, no histories beyond the best curves.
        var inlined = JsonSerializer.Deserialize<ReportPage.ReportData>(data.Groups[1].Value, TunerJsonSerializer.Options)!;
        Assert.Equal(JsonSerializer.Serialize(results with { Trials = [] }, TunerJsonSerializer.Options), JsonSerializer.Serialize(inlined.Job, TunerJsonSerializer.Options));
        Assert.Equal(["t-0001"], inlined.Points.Ids);
        Assert.Equal(["t-0001"], inlined.Curves.Lines.Select(l => l.TrialId));
        Assert.Equal([0.8, 0.5], inlined.Curves.Lines[0].Values);
        Assert.Contains("var TunerCharts", html);
        Assert.Contains("var TunerViews", html);
        Assert.Contains("var TunerSources", html);
        Assert.Contains(".chart-host canvas.marks", html);
        Assert.DoesNotContain("{{", html);
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain("<link rel=\"stylesheet\"", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
    }

    [Fact]
    public void A_hostile_value_in_the_results_cannot_close_the_script_element_or_fill_a_placeholder()
    {
        var html = ReportPage.Render(Results("</script><script>alert(1)</script>/*{{scripts}}*/{{title}}"));
        // Exactly the page's own three script elements close (the model report, the results, the scripts).
        Assert.Equal(3, Regex.Matches(html, "</script>", RegexOptions.IgnoreCase).Count);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("{{title}}", html); // left as text inside the data, not replaced
    }
}
