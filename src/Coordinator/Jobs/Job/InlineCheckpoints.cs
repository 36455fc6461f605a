using Tuner.Runtime.Blobs;
using static Tuner.Contracts.Protocol.TrialProtocol;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Stores the small final checkpoints that travel inside results (<see cref="AttemptFinished.InlineCheckpoint"/>)
/// before the job records those results, and knows which are being stored, so a resend that overtakes its first copy
/// is left to that copy's acknowledgement.</summary>
public sealed class InlineCheckpoints(IBlobStore store)
{
    private readonly HashSet<string> _storing = new(StringComparer.Ordinal);

    /// <summary>True while the first copy of <paramref name="attemptId"/>'s result waits for its checkpoint to be stored.</summary>
    public bool IsStoring(string attemptId) => _storing.Contains(attemptId);

    /// <summary>Stores the inline checkpoints of <paramref name="reports"/>. Null when there is nothing left to wait for
    /// (none to store, or a folder store wrote them at once); otherwise the reports count as being stored until
    /// <see cref="Stored"/>, and the task ends when the store has them, with null, or with why it failed.</summary>
    public Task<string?>? Store(IReadOnlyList<AttemptFinished> reports)
    {
        var puts = new List<Task>();
        foreach (var report in reports)
            if (report is { InlineCheckpoint: { } bytes, CheckpointId: { } id }) puts.Add(store.PutAsync(id, bytes));
        if (puts.TrueForAll(t => t.IsCompletedSuccessfully)) return null;
        foreach (var report in reports) _storing.Add(report.AttemptId);
        return Task.WhenAll(puts).ContinueWith(t => t.IsCompletedSuccessfully ? null : t.Exception?.GetBaseException().Message ?? "cancelled",
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The task <see cref="Store"/> returned for <paramref name="reports"/> ended.</summary>
    public void Stored(IReadOnlyList<AttemptFinished> reports)
    {
        foreach (var report in reports) _storing.Remove(report.AttemptId);
    }
}
