using Tuner.Cli.Tests.Processes;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Tests.Metrics;

/// <summary><c>GET /metrics</c> of a real coordinator process (its HTTP port) and of a real worker process training with
/// the engine (its management port), read with the Prometheus project's parser: the families PRODUCT.md §9 lists, with
/// their types, and the counters moving by what a job did.</summary>
[Collection(ProcessTests.Name)]
public sealed class MetricsEndpointTests
{
    private const string Job = """
        {
          "name": "metrics-moves",
          "seed": 5,
          "data": { "kind": "sine", "length": 300, "noise": 0.1 },
          "window": 5,
          "searchSpace": {
            "units":         { "type": "int", "min": 4, "max": 8, "step": 4 },
            "learning_rate": { "type": "float", "min": 1e-3, "max": 1e-2, "sampling": "log" }
          },
          "algorithm": { "type": "random", "maxTrials": 4, "epochs": 3 }
        }
        """;

    [Fact]
    public async Task Metrics_parse_as_Prometheus_text_and_move_when_a_job_runs()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        var worker = bed.StartWorker(coordinator.Seed, slots: 2);
        await bed.WaitReadyAsync(worker, TimeSpan.FromSeconds(60));
        var workerMetrics = bed.ManagementOf(worker) + "/metrics";
        // The worker is Up as soon as the leader says so; the coordinator's view of it follows with the next gossip.
        await bed.Until(async () => (await ScrapeAsync(bed, coordinator.Api + "/metrics")).Value("tuner_workers") >= 1, TimeSpan.FromSeconds(30),
            "the coordinator to count the worker");

        var before = await ScrapeAsync(bed, coordinator.Api + "/metrics");
        var workerBefore = await ScrapeAsync(bed, workerMetrics);
        foreach (var name in new[] { "tuner_jobs", "tuner_trials_running", "tuner_trials_waiting", "tuner_slots_waiting", "tuner_workers" })
            Assert.Equal("gauge", before.Type(name));
        foreach (var name in new[] { "tuner_trials_finished_total", "tuner_epochs_trained_total", "tuner_dispatches_total" })
            Assert.Equal("counter", before.Type(name));

        var id = await bed.SubmitAsync(coordinator, Job);
        var final = await bed.WaitForJobAsync(coordinator.Api, id, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(120), "the job to end");
        Assert.True((string?)final["status"] == "completed", bed.Diagnostics());
        // The job figures follow the job manager's copy of the job's summary, which the job actor sends before it answers
        // any query; the manager may take it a moment after the API said "completed" (docs/deploy.md, "Metrics").
        PrometheusText after = null!;
        await bed.Until(async () => (after = await ScrapeAsync(bed, coordinator.Api + "/metrics")).Value("tuner_jobs", ("status", "completed")) == 1,
            TimeSpan.FromSeconds(10), "the coordinator's metrics to show the job completed");
        var workerAfter = await ScrapeAsync(bed, workerMetrics);

        Assert.Equal(4, after.Value("tuner_dispatches_total") - Or0(before, "tuner_dispatches_total"));
        Assert.Equal(4, after.Value("tuner_trials_finished_total") - Or0(before, "tuner_trials_finished_total"));
        Assert.Equal(12, after.Value("tuner_epochs_trained_total") - Or0(before, "tuner_epochs_trained_total"));
        Assert.Equal("histogram", after.Type("tuner_epoch_seconds"));
        Assert.Equal(12, after.Count("tuner_epoch_seconds") - (before.Has("tuner_epoch_seconds") ? before.Count("tuner_epoch_seconds") : 0));
        Assert.Equal("histogram", after.Type("tuner_journal_write_seconds"));
        Assert.True(after.Count("tuner_journal_write_seconds") > (before.Has("tuner_journal_write_seconds") ? before.Count("tuner_journal_write_seconds") : 0), "journal writes were timed");
        Assert.Equal(1, after.Value("tuner_jobs", ("status", "completed")));
        Assert.Equal(0, after.Value("tuner_jobs", ("status", "running")));
        Assert.Equal(0, after.Value("tuner_trials_running"));

        Assert.Equal(12, workerAfter.Value("tuner_worker_epochs_total") - Or0(workerBefore, "tuner_worker_epochs_total"));
        Assert.Equal(12, workerAfter.Count("tuner_worker_epoch_seconds"));
        Assert.Equal(2, workerAfter.Value("tuner_worker_slots"));
        Assert.Equal(0, workerAfter.Value("tuner_worker_trials_running"));
        Assert.True(workerAfter.Has("process_cpu_seconds_total"), "the process figures are exported too");
        // The job figures come from the job manager's node only (deploy.md): a worker showed tuner_trials_waiting 0.
        foreach (var name in new[] { "tuner_trials_running", "tuner_trials_waiting", "tuner_slots_waiting", "tuner_trials_finished_total", "tuner_epochs_trained_total", "tuner_dispatches_total" })
            Assert.False(workerAfter.Has(name), $"the worker exports {name}");
    }

    private static double Or0(PrometheusText metrics, string name) => metrics.Has(name) ? metrics.Value(name) : 0;

    private static async Task<PrometheusText> ScrapeAsync(ClusterTestBed bed, string url)
    {
        // No token: Prometheus scrapes without one.
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}\n{bed.Diagnostics()}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await PrometheusText.ParseAsync(body);
    }
}
