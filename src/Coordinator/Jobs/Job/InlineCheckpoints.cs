using Akka.Actor;
using Akka.Event;
using Tuner.Runtime.Blobs;
using static Tuner.Contracts.Protocol.TrialProtocol;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Stores the small final checkpoints that travel inside results (<see cref="AttemptFinished.InlineCheckpoint"/>)
/// before the job records those results, and knows which are being stored, so a resend that overtakes its first copy
/// is left to that copy's acknowledgement.</summary>
/// <param name="diskFullSaid">A full disk is said by the node (it has a <see cref="CoordinatorSettings.JournalWatch"/>).</param>
public sealed class InlineCheckpoints(IBlobStore store, bool diskFullSaid = false)
{
    private readonly HashSet<string> _storing = new(StringComparer.Ordinal);

    /// <summary>True while the first copy of <paramref name="attemptId"/>'s result waits for its checkpoint to be stored.</summary>
    public bool IsStoring(string attemptId) => _storing.Contains(attemptId);

    /// <summary>Stores the inline checkpoints of <paramref name="reports"/>. False when there is nothing to wait for (none
    /// to store, or a folder store wrote them at once); otherwise the reports count as being stored and
    /// <paramref name="job"/> is told <see cref="Stored"/> when the store has them, or failed.</summary>
    public bool Store(IReadOnlyList<AttemptFinished> reports, IReadOnlyList<string> stale, IActorRef worker, IActorRef job)
    {
        var puts = new List<Task>();
        foreach (var report in reports)
            if (report is { InlineCheckpoint: { } bytes, CheckpointId: { } id }) puts.Add(store.PutAsync(id, bytes));
        if (puts.TrueForAll(t => t.IsCompletedSuccessfully)) return false;
        foreach (var report in reports) _storing.Add(report.AttemptId);
        Task.WhenAll(puts).PipeTo(job,
            success: () => new Stored(reports, stale, worker, null),
            failure: e => Failed(reports, stale, worker, e));
        return true;
    }

    /// <summary>The <see cref="Stored"/> of puts that failed with <paramref name="error"/>: the awaited task's first exception
    /// (or all of them, aggregated). A full disk is a <see cref="DiskFullException"/> around the file system's own
    /// IOException, so it is looked for as it is, not at the base of the chain (which is that IOException).</summary>
    private static Stored Failed(IReadOnlyList<AttemptFinished> reports, IReadOnlyList<string> stale, IActorRef worker, Exception error)
    {
        var full = error as DiskFullException
            ?? (error as AggregateException)?.Flatten().InnerExceptions.OfType<DiskFullException>().FirstOrDefault();
        return new Stored(reports, stale, worker, (full ?? error.GetBaseException()).Message, full is not null);
    }

    /// <summary>The <see cref="Stored"/> of <see cref="Store"/> came back: the reports to record (none when storing failed).</summary>
    public IReadOnlyList<AttemptFinished> Done(Stored stored, ILoggingAdapter log, string jobId)
    {
        foreach (var report in stored.Reports) _storing.Remove(report.AttemptId);
        if (stored.Error is null) return stored.Reports;
        // A full disk is said once, with what to do, by a node that says it (tuner run): not at every resend.
        log.Log(stored.DiskFull && diskFullSaid ? LogLevel.DebugLevel : LogLevel.WarningLevel,
            null, "Job {JobId}: storing the checkpoints of {Count} finished attempts failed, waiting for their resend: {Error}", jobId, stored.Reports.Count, stored.Error);
        return [];
    }

    /// <summary>The inline checkpoints of <paramref name="Reports"/> are stored (or, with <paramref name="Error"/>, not;
    /// <paramref name="DiskFull"/>: for want of space, <see cref="DiskFullException"/>).</summary>
    public sealed record Stored(IReadOnlyList<AttemptFinished> Reports, IReadOnlyList<string> Stale, IActorRef Worker, string? Error, bool DiskFull = false) : INoSerializationVerificationNeeded;
}
