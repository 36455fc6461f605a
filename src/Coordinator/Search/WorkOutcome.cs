using Tuner.Contracts.Collections;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search;

/// <summary>How a work item ended.</summary>
public enum WorkOutcomeKind
{
    /// <summary>Trained all its epochs.</summary>
    Completed,
    /// <summary>The loss became NaN or infinite: never promoted, never best.</summary>
    Diverged,
    /// <summary>The training threw (bad data, out of memory, …); <see cref="WorkOutcome.Error"/> says why.</summary>
    Failed,
    /// <summary>Stopped because the job was cancelled.</summary>
    Cancelled,
}

/// <summary>The end of one work item: its kind and the epochs it trained (numbered within the trial, so a
/// promoted work item's history starts at <c>FromEpoch + 1</c>).</summary>
public sealed record WorkOutcome(WorkOutcomeKind Kind, ValueList<EpochMetrics> History, string? Error = null)
{
    public static WorkOutcome Completed(IEnumerable<EpochMetrics> history) => new(WorkOutcomeKind.Completed, history.ToValueList());

    public static WorkOutcome Diverged(IEnumerable<EpochMetrics> history) => new(WorkOutcomeKind.Diverged, history.ToValueList());

    public static WorkOutcome Failed(string error, IEnumerable<EpochMetrics>? history = null) =>
        new(WorkOutcomeKind.Failed, (history ?? []).ToValueList(), error);

    public static WorkOutcome Cancelled(IEnumerable<EpochMetrics>? history = null) => new(WorkOutcomeKind.Cancelled, (history ?? []).ToValueList());
}
