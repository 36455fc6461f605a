using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Search;

namespace Tuner.Worker;

/// <summary>How a training attempt ended, as <see cref="TrialTrainer"/> reports it.</summary>
/// <param name="History">Every completed epoch of the trial, including those before the resumed checkpoint.</param>
/// <param name="Checkpoint">The state after the last completed epoch (for a completed run, the final state);
/// null when there is none (a fresh trial that finished no epoch, or a failure before the session existed).</param>
/// <param name="Error">Why it diverged, failed or was cancelled; null when completed.</param>
/// <param name="Seconds">Wall-clock seconds this attempt spent training.</param>
public sealed record TrialOutcome(
    AttemptOutcome Outcome,
    ValueList<EpochMetrics> History,
    EpochCheckpoint? Checkpoint,
    string? Error,
    double Seconds)
{
    /// <summary>The state after the attempt's best epoch (by the job's objective) when that epoch beats every earlier epoch
    /// of the trial and, for a completed attempt, is not its last: the trial's best model may be it. Stored as
    /// <c>BlobProtocol.Ids.EpochState</c> (beside the final checkpoint, or alone for an attempt its job's cancel stopped);
    /// null when an earlier attempt's epoch is the best, or a completed attempt's last one.</summary>
    public EpochCheckpoint? BestCheckpoint { get; init; }

    /// <summary>The last completed epoch (0 when none).</summary>
    public int EpochsCompleted => History.Count == 0 ? 0 : History[^1].Epoch;

    /// <summary>A failure before or outside training (no history beyond what is known).</summary>
    public static TrialOutcome Failed(string error, ValueList<EpochMetrics>? history = null, EpochCheckpoint? checkpoint = null, double seconds = 0) =>
        new(AttemptOutcome.Failed, history ?? ValueList<EpochMetrics>.Empty, checkpoint, error, seconds);
}
