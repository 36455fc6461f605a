using System.Diagnostics;
using Prometheus;

namespace Tuner.Runtime.Metrics;

/// <summary>Every metric a Tuner node exports on <c>GET /metrics</c> (Prometheus text format; docs/deploy.md, "Metrics"),
/// defined once. prometheus-net rather than OpenTelemetry's exporter: chosen by measurement (bench/Metrics.Bench,
/// docs/benchmarks.md, "Metrics": half the cost per record, a faster scrape). A coordinator fills the job figures, a worker the <c>tuner_worker_*</c> ones, every
/// node the cluster's membership as it sees it; each process has one registry, so tests with several nodes in one
/// process would share them (nodes run as processes, so they do not).</summary>
public static class TunerMetrics
{
    static TunerMetrics()
    {
        // Process figures (CPU, memory, GC) stay; the adapters that republish every EventCounter and Meter of the runtime,
        // ASP.NET Core and Akka would add hundreds of series and a listener on hot paths.
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true, SuppressDebugMetrics = true });
    }

    // A coordinator that does not host the job manager, or a worker, shows none of the other role's series.
    private static GaugeConfiguration Quiet => new() { SuppressInitialValue = true };

    private static CounterConfiguration QuietCounter => new() { SuppressInitialValue = true };

    /// <summary>Seconds from a <see cref="Stopwatch.GetTimestamp"/> value to now.</summary>
    public static double SecondsSince(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalSeconds;

    // --- the job manager (coordinator hosting it) ---------------------------------------------------

    public static readonly Gauge Jobs = Prometheus.Metrics.CreateGauge("tuner_jobs", "Jobs the job manager holds, by status (recovering: its actor is replaying the journal).",
        new GaugeConfiguration { LabelNames = ["status"] });

    public static readonly Gauge TrialsRunning = Prometheus.Metrics.CreateGauge("tuner_trials_running", "Trials being trained now, over all jobs.", Quiet);

    public static readonly Gauge TrialsWaiting = Prometheus.Metrics.CreateGauge("tuner_trials_waiting",
        "Trials begun and neither running nor finished: waiting for a slot or for a promotion (Hyperband rounds, ASHA rungs).", Quiet);

    public static readonly Counter TrialsFinished = Prometheus.Metrics.CreateCounter("tuner_trials_finished_total", "Trials finished while this job manager ran (completed, stopped, diverged, failed, cancelled).", QuietCounter);

    public static readonly Counter EpochsTrained = Prometheus.Metrics.CreateCounter("tuner_epochs_trained_total", "Epochs the jobs recorded while this job manager ran.", QuietCounter);

    public static readonly Counter Dispatches = Prometheus.Metrics.CreateCounter("tuner_dispatches_total", "Attempts handed to workers' slots.", QuietCounter);

    public static readonly Gauge SlotsWaiting = Prometheus.Metrics.CreateGauge("tuner_slots_waiting", "Idle worker slots asking for work that no job had yet.", Quiet);

    public static readonly Histogram EpochSeconds = Prometheus.Metrics.CreateHistogram("tuner_epoch_seconds", "Training time of one epoch, as the workers report it.",
        new HistogramConfiguration { Buckets = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300], SuppressInitialValue = true });

    public static readonly Histogram JournalWriteSeconds = Prometheus.Metrics.CreateHistogram("tuner_journal_write_seconds",
        "From asking the journal to persist an entry until it is durable (job actors and the job manager).",
        new HistogramConfiguration { Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], SuppressInitialValue = true });

    public static readonly Counter DatasetBytes = Prometheus.Metrics.CreateCounter("tuner_dataset_upload_bytes_total", "Bytes of datasets uploaded through PUT /api/datasets.", QuietCounter);

    // --- every cluster node -----------------------------------------------------------------------

    public static readonly Gauge ClusterMembers = Prometheus.Metrics.CreateGauge("tuner_cluster_members", "Cluster members this node sees, by role and status.",
        new GaugeConfiguration { LabelNames = ["role", "status"] });

    public static readonly Gauge Workers = Prometheus.Metrics.CreateGauge("tuner_workers", "Worker nodes that are Up members of the cluster, as this node sees it.", Quiet);

    // --- a worker ---------------------------------------------------------------------------------

    public static readonly Gauge WorkerSlots = Prometheus.Metrics.CreateGauge("tuner_worker_slots", "Trial slots this worker offers.", Quiet);

    public static readonly Gauge WorkerTrialsRunning = Prometheus.Metrics.CreateGauge("tuner_worker_trials_running", "Attempts this worker is training now.", Quiet);

    public static readonly Counter WorkerEpochs = Prometheus.Metrics.CreateCounter("tuner_worker_epochs_total", "Epochs this worker trained.", QuietCounter);

    public static readonly Histogram WorkerEpochSeconds = Prometheus.Metrics.CreateHistogram("tuner_worker_epoch_seconds", "Training time of one epoch on this worker.",
        new HistogramConfiguration { Buckets = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300], SuppressInitialValue = true });

    /// <summary>The registry in Prometheus' text format (version 0.0.4), as <c>GET /metrics</c> answers.</summary>
    public static Task WriteAsync(Stream output, CancellationToken cancellation) => Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(output, cancellation);

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
}
