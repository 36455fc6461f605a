using Tuner.Contracts.Collections;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Protocol;

/// <summary>How a worker reports an attempt to its job.</summary>
public static class TrialProtocol
{
    /// <summary>One epoch finished (streamed as it happens).</summary>
    public sealed record EpochDone(string JobId, string AttemptId, string WorkId, EpochMetrics Epoch, double Seconds) : ITunerMessage, IWithJobId;

    /// <summary>The attempt is alive (every few seconds); confirms it after a coordinator restart.</summary>
    public sealed record AttemptHeartbeat(string JobId, string AttemptId, string WorkerId, int Epoch) : ITunerMessage, IWithJobId;

    /// <summary>The end of an attempt, travelling in an <see cref="AttemptsFinished"/> batch. Resent until acknowledged;
    /// the job ignores duplicates and results of attempts that are no longer current.</summary>
    /// <param name="History">Every epoch of the trial up to now, including epochs before the resumed checkpoint.</param>
    /// <param name="CheckpointId">Where the final state is stored (null if none, e.g. failed before the first epoch).</param>
    /// <param name="InlineCheckpoint">A small final state travelling with the report instead of through the blob
    /// store (≤ <see cref="InlineCheckpointLimit"/> bytes): the job stores it as <paramref name="CheckpointId"/>
    /// before it records the result, saving a round trip per trial.</param>
    public sealed record AttemptFinished(
        string JobId,
        string AttemptId,
        string WorkId,
        AttemptOutcome Outcome,
        ValueList<EpochMetrics> History,
        string? Error,
        string? CheckpointId,
        double Seconds,
        byte[]? InlineCheckpoint = null) : ITunerMessage;

    /// <summary>Largest checkpoint sent inside an <see cref="AttemptFinished"/> (base64 in JSON: ≈ 22 KB).</summary>
    public const int InlineCheckpointLimit = 16 * 1024;

    /// <summary>A worker's ended attempts, batched (jobs may differ; the JobManager splits them by job). Sender: the
    /// worker actor, which gets the <see cref="AttemptsFinishedAck"/>s and resends what is not acknowledged.</summary>
    public sealed record AttemptsFinished(string WorkerId, ValueList<AttemptFinished> Reports) : ITunerMessage;

    /// <summary>The job recorded (or deliberately ignored) these attempts' <see cref="AttemptFinished"/>s.</summary>
    public sealed record AttemptsFinishedAck(string JobId, ValueList<string> AttemptIds) : ITunerMessage, IWithJobId;

    /// <summary>The job recorded (or deliberately ignored) an <see cref="AttemptReturned"/>.</summary>
    public sealed record AttemptReturnedAck(string JobId, string AttemptId) : ITunerMessage, IWithJobId;

    /// <summary>The worker hands the attempt back (it is leaving, or cannot run it): it stopped after epoch
    /// <paramref name="Epoch"/> and stored that state as <paramref name="CheckpointId"/>; run the rest elsewhere. Resent
    /// until an <see cref="AttemptReturnedAck"/> comes back. The job records it as its <c>AttemptHandedBack</c> event.</summary>
    public sealed record AttemptReturned(string JobId, string AttemptId, string WorkId, int Epoch, string? CheckpointId) : ITunerMessage, IWithJobId;
}

/// <summary>How an attempt ended.</summary>
public enum AttemptOutcome
{
    Completed,
    Diverged,
    Failed,
    Cancelled,
}
