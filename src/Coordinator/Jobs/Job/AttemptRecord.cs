using Tuner.Contracts.Collections;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Where an attempt stands.</summary>
public enum AttemptStatus
{
    /// <summary>Assigned to a worker and not ended (after a restart: unconfirmed until the worker reports in).</summary>
    Running,
    /// <summary>Ended with an outcome the search recorded.</summary>
    Finished,
    /// <summary>Ended without a result or a checkpoint (mostly: its worker was lost); the work item was queued again.</summary>
    Abandoned,
    /// <summary>Its worker left gracefully and handed the work back at a checkpoint.</summary>
    HandedBack,
}

/// <summary>One attempt of a work item (<c>t-0007.r1.x0#2</c>): who ran it, from where, what it trained and how long it
/// took. Immutable: <see cref="JobState.Apply"/> replaces it, and a <see cref="JobSnapshot"/> holds it as it is.</summary>
/// <param name="Epochs">Training seconds of each epoch the attempt reported, in the order reported; emptied once it finished
/// (<paramref name="FinishedSeconds"/> replaces their sum), so a finished job does not keep one per epoch.</param>
/// <param name="FinishedSeconds">The attempt's own total when it finished (replaces the sum of its epochs).</param>
/// <param name="HandBackEpoch">The epoch it handed back at.</param>
/// <param name="EndReason">How it ended (an outcome, "handed back", or why it was abandoned).</param>
/// <param name="WorkerNode">The cluster address of its worker's node (<see cref="JobEvents.AttemptStarted.WorkerNode"/>).</param>
/// <param name="WorkerLost">Abandoned because its worker was lost (<see cref="JobEvents.AttemptAbandoned.WorkerLost"/>).</param>
public sealed record AttemptRecord(
    string AttemptId,
    string WorkId,
    string WorkerId,
    int Slot,
    string? ResumeCheckpoint,
    int FromEpoch,
    DateTimeOffset StartedAt,
    AttemptStatus Status,
    ValueList<EpochSeconds> Epochs,
    double? FinishedSeconds = null,
    int? HandBackEpoch = null,
    string? EndReason = null,
    string? WorkerNode = null,
    bool WorkerLost = false)
{
    /// <summary>True once the attempt reported <paramref name="epoch"/>.</summary>
    public bool Reported(int epoch)
    {
        foreach (var e in Epochs)
            if (e.Epoch == epoch) return true;
        return false;
    }

    /// <summary>The last epoch it reported (its start epoch before the first report).</summary>
    public int LastEpoch => Epochs.Count == 0 ? FromEpoch : Math.Max(FromEpoch, Epochs.Max(e => e.Epoch));

    /// <summary>Seconds that went into the trial's model: all of a finished or running attempt's, a handed-back
    /// attempt's up to the checkpoint it left, none of an abandoned one's (its epochs are trained again).</summary>
    public double CreditedSeconds => Status switch
    {
        AttemptStatus.Finished => FinishedSeconds ?? Epochs.Sum(e => e.Seconds),
        AttemptStatus.HandedBack => Epochs.Where(e => e.Epoch <= (HandBackEpoch ?? FromEpoch)).Sum(e => e.Seconds),
        AttemptStatus.Abandoned => 0,
        _ => Epochs.Sum(e => e.Seconds),
    };
}

/// <summary>Training seconds of one epoch.</summary>
public sealed record EpochSeconds(int Epoch, double Seconds);
