namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Where an attempt stands.</summary>
public enum AttemptStatus
{
    /// <summary>Assigned to a worker and not ended (after a restart: unconfirmed until the worker reports in).</summary>
    Running,
    /// <summary>Ended with an outcome the search recorded.</summary>
    Finished,
    /// <summary>Its worker was lost; the work item was queued again.</summary>
    Abandoned,
    /// <summary>Its worker left gracefully and handed the work back at a checkpoint.</summary>
    HandedBack,
}

/// <summary>One attempt of a work item (<c>t-0007.r1.x0#2</c>): who ran it, from where, what it trained and how
/// long it took. Changed only by <see cref="JobState.Apply"/>.</summary>
public sealed class AttemptRecord
{
    internal AttemptRecord(string attemptId, string workId, string workerId, int slot, string? resumeCheckpoint, int fromEpoch, DateTimeOffset startedAt)
    {
        AttemptId = attemptId;
        WorkId = workId;
        WorkerId = workerId;
        Slot = slot;
        ResumeCheckpoint = resumeCheckpoint;
        FromEpoch = fromEpoch;
        StartedAt = startedAt;
    }

    public string AttemptId { get; }
    public string WorkId { get; }
    public string WorkerId { get; }
    public int Slot { get; }
    public string? ResumeCheckpoint { get; }
    public int FromEpoch { get; }
    public DateTimeOffset StartedAt { get; }
    public AttemptStatus Status { get; internal set; } = AttemptStatus.Running;

    /// <summary>Training seconds of each epoch this attempt reported, by epoch number.</summary>
    public SortedDictionary<int, double> EpochSeconds { get; } = [];

    /// <summary>The attempt's own total when it finished (replaces the sum of its epochs).</summary>
    public double? FinishedSeconds { get; internal set; }

    /// <summary>The epoch it handed back at, or why it was abandoned.</summary>
    public int? HandBackEpoch { get; internal set; }

    public string? EndReason { get; internal set; }

    /// <summary>The last epoch it reported (its start epoch before the first report).</summary>
    public int LastEpoch => EpochSeconds.Count == 0 ? FromEpoch : Math.Max(FromEpoch, EpochSeconds.Keys.Max());

    /// <summary>Seconds that went into the trial's model: all of a finished or running attempt's, a handed-back
    /// attempt's up to the checkpoint it left, none of an abandoned one's (its epochs are trained again).</summary>
    public double CreditedSeconds => Status switch
    {
        AttemptStatus.Finished => FinishedSeconds ?? EpochSeconds.Values.Sum(),
        AttemptStatus.HandedBack => EpochSeconds.Where(e => e.Key <= (HandBackEpoch ?? FromEpoch)).Sum(e => e.Value),
        AttemptStatus.Abandoned => 0,
        _ => EpochSeconds.Values.Sum(),
    };
}
