using Tuner.Contracts.Collections;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>The runtime's view of one work item: its attempts, and the newest checkpoint a next attempt resumes from.
/// The algorithm knows the item itself (<see cref="JobState.Item"/>); this adds what retries need. Immutable:
/// <see cref="JobState.Apply"/> replaces it, and a <see cref="JobSnapshot"/> holds it as it is.</summary>
/// <param name="Attempts">Attempt ids in start order; the last one is the current attempt, the only one that counts.</param>
/// <param name="Checkpoint">The checkpoint the next attempt resumes from (a hand-back's, else the one the item started
/// from; null: fresh weights).</param>
/// <param name="CheckpointEpoch">Epochs already in <paramref name="Checkpoint"/>: the next attempt's <c>FromEpoch</c>.</param>
/// <param name="Finished">The search recorded the item's end.</param>
public sealed record WorkRecord(string WorkId, ValueList<string> Attempts, string? Checkpoint, int CheckpointEpoch, bool Finished = false)
{
    public string? CurrentAttempt => Attempts.Count == 0 ? null : Attempts[^1];
}
