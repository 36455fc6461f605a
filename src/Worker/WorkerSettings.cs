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

    /// <summary>Pause before storing a final checkpoint again after a failed try (three tries in all).</summary>
    public TimeSpan StoreRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a graceful leave may take (stop the trials, store and hand back their checkpoints);
    /// the node's shutdown phase <c>before-service-unbind</c> is given a little more.</summary>
    public TimeSpan LeaveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A final checkpoint up to this size travels inside the result instead of through the blob store (a
    /// round trip saved per trial; at most <see cref="Tuner.Contracts.Protocol.TrialProtocol.InlineCheckpointLimit"/>,
    /// 0: never).</summary>
    public int InlineCheckpointBytes { get; init; } = Tuner.Contracts.Protocol.TrialProtocol.InlineCheckpointLimit;

    /// <summary>Prepared datasets kept in memory.</summary>
    public int CachedDatasets { get; init; } = 4;

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
        Positive(StoreRetryDelay, nameof(StoreRetryDelay));
        Positive(LeaveTimeout, nameof(LeaveTimeout));
        if (InlineCheckpointBytes < 0 || InlineCheckpointBytes > Tuner.Contracts.Protocol.TrialProtocol.InlineCheckpointLimit)
            throw new ArgumentException($"InlineCheckpointBytes must be in 0..{Tuner.Contracts.Protocol.TrialProtocol.InlineCheckpointLimit}, got {InlineCheckpointBytes}");
        if (CachedDatasets < 1) throw new ArgumentException($"CachedDatasets must be >= 1, got {CachedDatasets}");
        return this;

        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero) throw new ArgumentException($"{name} must be positive, got {value}");
        }
    }
}
