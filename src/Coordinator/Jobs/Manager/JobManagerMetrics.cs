using Tuner.Contracts.Protocol;
using Tuner.Runtime.Metrics;

namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>The job manager's share of <c>/metrics</c>, kept from the summaries it lists: each job counts once, under
/// the summary it shows now (a recovering job under its placeholder). Gauges move by each change's difference; the
/// trial and epoch counters only by progress made while this job manager ran — a job's first summary after recovery
/// is its starting point, not progress.</summary>
internal sealed class JobManagerMetrics
{
    /// <summary>Shows the job series at zero while this job manager runs (a coordinator that does not host it has none).</summary>
    public static void Started() => Series(publish: true);

    /// <summary>The job shown as <paramref name="before"/> (null: not yet shown) is now shown as <paramref name="after"/>;
    /// <paramref name="progress"/>: the difference is work done here (<paramref name="before"/> was the job actor's own summary,
    /// or the empty placeholder of a job submitted here).</summary>
    public static void Shown(JobSummary? before, JobSummary after, bool progress)
    {
        if (before is not null) Add(before, -1);
        Add(after, +1);
        if (!progress || before is null) return;
        if (after.TrialsFinished > before.TrialsFinished) TunerMetrics.TrialsFinished.Inc(after.TrialsFinished - before.TrialsFinished);
        if (after.EpochsTrained > before.EpochsTrained) TunerMetrics.EpochsTrained.Inc(after.EpochsTrained - before.EpochsTrained);
    }

    /// <summary>The job manager stops (a hand-over, or a restart by its supervisor): its jobs leave this node's gauges, and
    /// its series leave <c>/metrics</c> until one runs here again (else the last idle-slot count stayed there for good).</summary>
    public static void Stopped(IEnumerable<JobSummary> shown)
    {
        foreach (var summary in shown) Add(summary, -1);
        TunerMetrics.SlotsWaiting.Set(0);
        Series(publish: false);
    }

    /// <summary>Every series the job manager fills, shown or hidden together.</summary>
    private static void Series(bool publish)
    {
        foreach (var status in new[] { JobStatuses.Running, JobStatuses.Recovering, JobStatuses.Completed, JobStatuses.Cancelled, JobStatuses.Failed })
        {
            var series = TunerMetrics.Jobs.WithLabels(status);
            Show(series.Publish, series.Unpublish, publish);
        }
        foreach (var gauge in new[] { TunerMetrics.TrialsRunning, TunerMetrics.TrialsWaiting, TunerMetrics.SlotsWaiting })
            Show(gauge.Publish, gauge.Unpublish, publish);
        foreach (var counter in new[] { TunerMetrics.TrialsFinished, TunerMetrics.EpochsTrained, TunerMetrics.Dispatches })
            Show(counter.Publish, counter.Unpublish, publish);
    }

    // Gauges, counters and labelled children each declare Publish and Unpublish; no type they share does.
    private static void Show(Action publish, Action unpublish, bool shown)
    {
        if (shown) publish();
        else unpublish();
    }

    private static void Add(JobSummary summary, int sign)
    {
        TunerMetrics.Jobs.WithLabels(summary.Status).Inc(sign);
        TunerMetrics.TrialsRunning.Inc(sign * summary.Running.Count);
        TunerMetrics.TrialsWaiting.Inc(sign * Waiting(summary));
    }

    /// <summary>Trials begun that neither run nor have finished: waiting for a slot or a promotion.</summary>
    public static int Waiting(JobSummary summary) => summary.IsFinal ? 0 : Math.Max(0, summary.TrialsStarted - summary.TrialsFinished - summary.Running.Count);
}
