using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tuner.Cli.Tests.Support;

/// <summary>What a <c>tuner run</c> output folder's report.html inlines for its pages to draw.</summary>
internal static class ReportFile
{
    /// <summary>The best model's report (<c>&lt;script id="tuner-model"&gt;</c>) of the report.html in <paramref name="outDir"/>.</summary>
    public static JsonObject ModelReport(string outDir)
    {
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        var match = Regex.Match(html, "<script type=\"application/json\" id=\"tuner-model\">(.*?)</script>", RegexOptions.Singleline);
        Assert.True(match.Success, "report.html has no model report");
        return JsonNode.Parse(match.Groups[1].Value)!.AsObject();
    }
}
