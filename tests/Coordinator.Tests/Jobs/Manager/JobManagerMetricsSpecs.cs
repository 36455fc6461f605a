using Tuner.Contracts.Protocol;
using Tuner.Runtime.Metrics;
using Tuner.Tests.Shared;
using Xunit.Abstractions;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Tests.Jobs.Manager;

/// <summary>The job manager's trial and epoch counters (<c>/metrics</c>) count the work done while it ran, including the
/// work in a job's first summary: summaries are throttled, so a job's first one may already hold all of it. These are
/// process-wide counters, hence a collection that runs alone.</summary>
[Collection(JobManagerMetricsSpecs.Name)]
public sealed class JobManagerMetricsSpecs(ITestOutputHelper output)
{
    public const string Name = "job manager metrics (process-wide counters)";

    [Fact]
    public void A_job_whose_first_summary_is_its_last_counts_every_epoch_and_trial()
    {
        // No summary before the final one: the job's whole work arrives in its first summary.
        using var h = JobHarness.Start(TestDatabases.Sqlite, output, s => s with { SummaryInterval = TimeSpan.FromHours(1) });
        var (epochs, trials) = (TunerMetrics.EpochsTrained.Value, TunerMetrics.TrialsFinished.Value);

        var jobId = h.Submit(TestJobs.Random(trials: 2, epochs: 3));
        h.Worker("w1").RunMany(2);
        h.AwaitSummary(jobId, s => s.IsFinal);
        // The job told the manager its final summary before answering: the job list shows it once the manager has it.
        h.Kit.AwaitCondition(() => h.Ask<JobList>(new GetJobs()).Jobs.Single(j => j.Id == jobId).IsFinal, JobHarness.Timeout);

        Assert.Equal(6, TunerMetrics.EpochsTrained.Value - epochs);
        Assert.Equal(2, TunerMetrics.TrialsFinished.Value - trials);
    }

    [Fact]
    public void A_stopped_job_manager_leaves_no_series_behind()
    {
        using var h = JobHarness.Start(TestDatabases.Sqlite, output);
        h.Worker("w1").Request(); // no job: the slot waits
        h.Kit.AwaitCondition(() => TunerMetrics.SlotsWaiting.Value == 1, JobHarness.Timeout);
        Assert.Contains("tuner_slots_waiting 1", Exported());

        var watcher = h.Kit.CreateTestProbe();
        watcher.Watch(h.Manager);
        h.Manager.Tell(Tuner.Coordinator.Jobs.JobInternalProtocol.StopJobManager.Instance, Akka.Actor.ActorRefs.NoSender);
        watcher.ExpectTerminated(h.Manager, JobHarness.Timeout);

        var exported = Exported(); // as on a coordinator that handed the job manager over
        foreach (var series in new[] { "tuner_slots_waiting ", "tuner_trials_running ", "tuner_jobs{" })
            Assert.DoesNotContain("\n" + series, exported); // a sample line; the families' HELP and TYPE lines stay
    }

    private static string Exported()
    {
        using var stream = new MemoryStream();
        Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

[CollectionDefinition(JobManagerMetricsSpecs.Name, DisableParallelization = true)]
public sealed class JobManagerMetricsCollection;
