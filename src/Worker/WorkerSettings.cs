using Tuner.Runtime.Timing;

namespace Tuner.Worker;

/// <summary>How a worker node runs: its id, trial slots and timings. Plain values, so the same keys bind
/// from configuration (JSON, environment, command line) in tests, local mode and a cluster.</summary>
public sealed record WorkerSettings
{
    /// <summary>How the coordinator names this worker, e.g. <c>host:port</c> in a cluster or <c>local-1</c>.</summary>
    public string WorkerId { get; init; } = Environment.MachineName;

    /// <summary>Trials trained at once (one thread each).</summary>
    public int Slots { get; init; } = 1;

    /// <summary>An idle slot repeats its <c>RequestWork</c> this often, so a coordinator fail-over loses no request.</summary>
    public TimeSpan RequestInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A running attempt sends <c>AttemptHeartbeat</c> this often.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>AttemptFinished</c> is resent this often until acknowledged.</summary>
    public TimeSpan FinishedResendInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How a read or write of a checkpoint or dataset that failed is tried again: after 1 s, then twice as long
    /// each time up to 15 s, for 10 minutes. A database restarting or a coordinator moving is nobody's trial's fault:
    /// the attempt keeps its slot (and keeps sending heartbeats, so the coordinator keeps it) meanwhile, and only after
    /// the window hands its work back, to be re-run from its last checkpoint — never a failed trial.</summary>
    public RetryBackoff BlobRetry { get; init; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(10));

    /// <summary>The longest a graceful leave may take (stop the trials, store and hand back their checkpoints);
    /// the node's shutdown phase <c>before-service-unbind</c> is given a little more.</summary>
    public TimeSpan LeaveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A final checkpoint up to this size travels inside the result instead of through the blob store (a
    /// round trip saved per trial; at most <see cref="Tuner.Contracts.Protocol.TrialProtocol.InlineCheckpointLimit"/>,
    /// 0: never).</summary>
    public int InlineCheckpointBytes { get; init; } = Tuner.Contracts.Protocol.TrialProtocol.InlineCheckpointLimit;

    /// <summary>The most the prepared datasets kept in memory for later trials may take, in bytes (default 512 MiB;
    /// <c>TUNER_DATASET_CACHE_MB</c> on a worker node, bound by <c>NodeSettings</c>). Least recently used first out; see <see cref="DatasetCache"/>.</summary>
    public long DatasetCacheBytes { get; init; } = DatasetCache.DefaultBudgetBytes;

    /// <summary>The clock the repeated requests are timed by (tests move a virtual one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public WorkerSettings Validated()
    {
        if (string.IsNullOrWhiteSpace(WorkerId)) throw new ArgumentException("WorkerId must not be empty");
        if (Slots is < 1 or > 1024) throw new ArgumentException($"Slots must be in 1..1024, got {Slots}");
        Positive(RequestInterval, nameof(RequestInterval));
        Positive(HeartbeatInterval, nameof(HeartbeatInterval));
        Positive(FinishedResendInterval, nameof(FinishedResendInterval));
        BlobRetry.Validated(nameof(BlobRetry));
        Positive(LeaveTimeout, nameof(LeaveTimeout));
        if (InlineCheckpointBytes < 0 || InlineCheckpointBytes > Tuner.Contracts.Protocol.TrialProtocol.InlineCheckpointLimit)
            throw new ArgumentException($"InlineCheckpointBytes must be in 0..{Tuner.Contracts.Protocol.TrialProtocol.InlineCheckpointLimit}, got {InlineCheckpointBytes}");
        if (DatasetCacheBytes < 1) throw new ArgumentException($"DatasetCacheBytes must be >= 1, got {DatasetCacheBytes}");
        return this;

        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero) throw new ArgumentException($"{name} must be positive, got {value}");
        }
    }
}
