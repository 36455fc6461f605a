using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tuner.Cli.Hosting;
using Tuner.Cli.Tests.Deploy;
using Tuner.Runtime.Metrics;

namespace Tuner.Cli.Tests.Metrics;

/// <summary>deploy/monitoring against what the nodes export: the Grafana dashboard queries only metrics Tuner defines and
/// shows every one of them; the PodMonitor scrapes the Tuner pods' management port by its name.</summary>
public sealed partial class MonitoringManifestTests
{
    private static string MonitoringRoot => Path.Combine(Support.Repository.Root, "deploy", "monitoring");

    /// <summary>The names of every metric <see cref="TunerMetrics"/> defines.</summary>
    private static HashSet<string> Defined() =>
        typeof(TunerMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<Prometheus.Collector>().Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\btuner_[a-z_]+")]
    private static partial Regex TunerMetricName();

    [Fact]
    public void The_dashboard_queries_only_metrics_tuner_exports_and_shows_them_all()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(MonitoringRoot, "grafana-dashboard.json")))!;
        var expressions = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!).ToList();
        Assert.NotEmpty(expressions);
        var defined = Defined();
        var used = expressions.SelectMany(e => TunerMetricName().Matches(e).Select(m => m.Value))
            .Select(name => Regex.Replace(name, "_(bucket|sum|count)$", "")).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(used.Except(defined));
        Assert.Empty(defined.Except(used));
        // Histograms are read through their buckets (a quantile), counters through rate().
        foreach (var e in expressions.Where(e => e.Contains("_total", StringComparison.Ordinal))) Assert.Contains("rate(", e);
        foreach (var e in expressions.Where(e => e.Contains("_bucket", StringComparison.Ordinal))) Assert.Contains("histogram_quantile(", e);
    }

    [Fact]
    public void The_pod_monitor_scrapes_every_tuner_pods_management_port()
    {
        var monitor = KubeManifests.Load(Path.Combine(MonitoringRoot, "podmonitor.yaml")).Objects.Single();
        var base_ = KubeManifests.LoadKustomization(Path.Combine(KubeManifests.DeployRoot, "base"));
        var endpoint = monitor["spec"]!["podMetricsEndpoints"]!.AsArray().Single()!;
        Assert.Equal(ClusterFormation.ManagementPortName, (string?)endpoint["port"]);
        Assert.Equal(Tuner.Cli.Hosting.Management.ManagementServer.MetricsPath, (string?)endpoint["path"]);
        var selector = (JsonObject)monitor["spec"]!["selector"]!["matchLabels"]!;
        foreach (var workload in new[] { base_.Get("StatefulSet", "tuner-coordinator"), base_.Get("Deployment", "tuner-worker") })
        {
            var labels = workload["spec"]!["template"]!["metadata"]!["labels"]!;
            Assert.All(selector, kv => Assert.Equal((string?)kv.Value, (string?)labels[kv.Key]));
            Assert.Contains(KubeManifests.Container(workload)["ports"]!.AsArray(), p => (string?)p!["name"] == ClusterFormation.ManagementPortName);
        }
        Assert.Equal((string?)base_.Objects.First(o => (string?)o["kind"] == "Namespace")["metadata"]!["name"], (string?)monitor["metadata"]!["namespace"]);
    }
}
