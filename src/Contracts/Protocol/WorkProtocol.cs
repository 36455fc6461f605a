using Tuner.Contracts.Search;

namespace Tuner.Contracts.Protocol;

/// <summary>Work dispatch between worker slots and the coordinator (pull-based).</summary>
public static class WorkProtocol
{
    /// <summary>A free worker slot asks for a trial. Sender: the worker actor, where the assignment goes.
    /// Repeated every few seconds while the slot is idle; idempotent per (WorkerId, Slot).</summary>
    public sealed record RequestWork(string WorkerId, int Slot) : ITunerMessage;

    /// <summary>Train work item <paramref name="WorkId"/>: epochs <c>FromEpoch + 1 … ToEpoch</c> of trial
    /// <paramref name="TrialId"/>, continuing from checkpoint <paramref name="ResumeCheckpoint"/> (null: fresh
    /// weights from <paramref name="Seed"/>), and store the final state as <paramref name="CheckpointId"/>.</summary>
    /// <param name="SpecJson">The canonical job spec (JobSpecWriter), without inline CSV content.</param>
    /// <param name="DataBlob">Blob id of the CSV text (<c>data/&lt;sha256&gt;</c>); null for generated data.</param>
    public sealed record TrialAssignment(
        string JobId,
        string AttemptId,
        string WorkerId,
        int Slot,
        string WorkId,
        string TrialId,
        Hyperparameters Hyperparameters,
        long Seed,
        int FromEpoch,
        int ToEpoch,
        string? ResumeCheckpoint,
        string CheckpointId,
        string SpecJson,
        string? DataBlob) : ITunerMessage, IWithJobId;

    /// <summary>Stop an attempt now (job cancelled, or the attempt was superseded); the worker reports
    /// what it trained with a <see cref="TrialProtocol.AttemptFinished"/> of outcome Cancelled.</summary>
    public sealed record StopAttempt(string JobId, string AttemptId, string Reason) : ITunerMessage, IWithJobId;
}
