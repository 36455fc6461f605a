using System.Diagnostics;
using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Support;

namespace Tuner.Cli.Tests.Metrics;

/// <summary><c>GET /metrics</c> read with a real Prometheus text-format parser: the Prometheus project's Python client
/// (<c>prometheus_client.parser</c>, Debian's python3-prometheus-client, installed by build.sh) run on the text by
/// tests/Cli.Tests/Metrics/parse_prometheus.py. A line the format does not allow fails the test with the parser's message.</summary>
internal sealed class PrometheusText
{
    /// <summary>Debian's interpreter, which has Debian's python3-* modules (a python3 earlier on PATH may not).</summary>
    private const string Python = "/usr/bin/python3";

    private readonly List<JsonObject> _families;

    private PrometheusText(List<JsonObject> families) => _families = families;

    public static async Task<PrometheusText> ParseAsync(string text)
    {
        var script = Path.Combine(Repository.Root, "tests", "Cli.Tests", "Metrics", "parse_prometheus.py");
        var psi = new ProcessStartInfo(Python, [script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = Process.Start(psi)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        await python.StandardInput.WriteAsync(text);
        python.StandardInput.Close();
        await python.WaitForExitAsync();
        var problem = await error;
        if (problem.Contains("No module named 'prometheus_client'"))
            throw new InvalidOperationException("the Prometheus parser is not installed: apt-get install python3-prometheus-client, as ./build.sh test does");
        Assert.True(python.ExitCode == 0, $"the parser refused the text: {problem}\n{text}");
        return new PrometheusText([.. JsonNode.Parse(await output)!.AsArray().Select(f => f!.AsObject())]);
    }

    private IEnumerable<JsonObject> Samples(string name) =>
        _families.SelectMany(f => f["samples"]!.AsArray().Select(s => s!.AsObject())).Where(s => (string?)s["name"] == name);

    /// <summary>Whether any sample is named <paramref name="name"/> (a histogram: its <c>_count</c>).</summary>
    public bool Has(string name) => Samples(name).Any() || Samples(name + "_count").Any();

    /// <summary>The type the parser read for the metric (counter, gauge, histogram...); a counter's family is named
    /// without its <c>_total</c>.</summary>
    public string Type(string name) =>
        (string)(_families.FirstOrDefault(f => (string?)f["name"] == name || (string?)f["name"] + "_total" == name)
            ?? throw new Xunit.Sdk.XunitException($"no metric {name}; there are: {string.Join(", ", _families.Select(f => (string?)f["name"]).Order())}"))["type"]!;

    /// <summary>The value of the sample named <paramref name="name"/> whose labels include <paramref name="labels"/> (all of them).</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var sample = Samples(name).FirstOrDefault(s => labels.All(l => (string?)s["labels"]?[l.Name] == l.Value))
            ?? throw new Xunit.Sdk.XunitException($"no sample {name} with {string.Join(",", labels.Select(l => $"{l.Name}={l.Value}"))}");
        return sample["value"]!.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (double)sample["value"]! : double.Parse((string)sample["value"]!.AsValue()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A histogram's count of observations.</summary>
    public double Count(string histogram, params (string Name, string Value)[] labels) => Value(histogram + "_count", labels);
}
