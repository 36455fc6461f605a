using Tuner.Contracts.Collections;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Protocol;

/// <summary>How a worker reports an attempt to its job.</summary>
public static class TrialProtocol
{
    /// <summary>One epoch finished (streamed as it happens).</summary>
    public sealed record EpochDone(string JobId, string AttemptId, string WorkId, EpochRecord Epoch, double Seconds) : ITunerMessage, IWithJobId;

    /// <summary>The attempt is alive (every few seconds); confirms it after a coordinator restart.</summary>
    public sealed record AttemptHeartbeat(string JobId, string AttemptId, string WorkerId, int Epoch) : ITunerMessage, IWithJobId;

    /// <summary>The end of an attempt. Resent until acknowledged; the job ignores duplicates and
    /// results of attempts that are no longer current.</summary>
    /// <param name="History">Every epoch of the trial up to now, including epochs before the resumed checkpoint.</param>
    /// <param name="CheckpointId">Where the final state was stored (null if none, e.g. failed before the first epoch).</param>
    public sealed record AttemptFinished(
        string JobId,
        string AttemptId,
        string WorkId,
        AttemptOutcome Outcome,
        ValueList<EpochRecord> History,
        string? Error,
        string? CheckpointId,
        double Seconds) : ITunerMessage, IWithJobId;

    /// <summary>The job recorded (or deliberately ignored) an <see cref="AttemptFinished"/> or an <see cref="AttemptHandedBack"/>.</summary>
    public sealed record AttemptFinishedAck(string JobId, string AttemptId) : ITunerMessage, IWithJobId;

    /// <summary>The worker is leaving: it stopped the attempt after epoch <paramref name="Epoch"/> and
    /// stored that state as <paramref name="CheckpointId"/>; run the rest elsewhere.</summary>
    public sealed record AttemptHandedBack(string JobId, string AttemptId, string WorkId, int Epoch, string? CheckpointId) : ITunerMessage, IWithJobId;
}

/// <summary>How an attempt ended.</summary>
public enum AttemptOutcome
{
    Completed,
    Diverged,
    Failed,
    Cancelled,
}
