using Tuner.Coordinator.Search;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>The runtime's view of one work item: its attempts, and the newest checkpoint a next attempt resumes
/// from. The algorithm knows the item itself; this adds what retries need.</summary>
public sealed class WorkRecord
{
    internal WorkRecord(WorkItem item, string? checkpoint, int checkpointEpoch)
    {
        Item = item;
        Checkpoint = checkpoint;
        CheckpointEpoch = checkpointEpoch;
    }

    public WorkItem Item { get; }

    public string WorkId => Item.WorkId;

    /// <summary>Attempt ids in start order; the last one is the current attempt, the only one that counts.</summary>
    public List<string> Attempts { get; } = [];

    public string? CurrentAttempt => Attempts.Count == 0 ? null : Attempts[^1];

    /// <summary>The checkpoint the next attempt resumes from (a hand-back's, else the one the item started from; null: fresh weights).</summary>
    public string? Checkpoint { get; internal set; }

    /// <summary>Epochs already in <see cref="Checkpoint"/>: the next attempt's <c>FromEpoch</c>.</summary>
    public int CheckpointEpoch { get; internal set; }

    /// <summary>The search recorded the item's end.</summary>
    public bool Finished { get; internal set; }
}
