using Tuner.Contracts.Collections;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Protocol;

/// <summary>Work dispatch between worker slots and the coordinator (pull-based).</summary>
public static class WorkProtocol
{
    /// <summary>A worker's idle slots ask for trials, in one message. Sender: the worker actor, where the assignments
    /// go. The coordinator adds the slots to the worker's pending ones, so a repeat (every few seconds for slots that
    /// stay idle) is idempotent; a slot is sent again at once only after it ran an attempt, so no request can
    /// overtake an assignment to that slot. A repeat can cross one (a slot idle long enough to be repeated just as it
    /// is assigned): the count of assignments each slot has received tells the coordinator so.</summary>
    public sealed record RequestWork(string WorkerId, ValueList<SlotRequest> Slots) : ITunerMessage;

    /// <summary>Idle slot <paramref name="Slot"/>, which has received <paramref name="AssignmentsReceived"/> assignments.</summary>
    public sealed record SlotRequest(int Slot, int AssignmentsReceived);

    /// <summary>Trials for some of the slots a worker asked for, from one job (one message per decision, split
    /// only to stay well under Akka.Remote's frame size).</summary>
    public sealed record TrialAssignments(ValueList<TrialAssignment> Assignments) : ITunerMessage;

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
        string? DataBlob) : ITunerMessage;

    /// <summary>Stop an attempt now (job cancelled, or the attempt was superseded); the worker reports
    /// what it trained with a <see cref="TrialProtocol.AttemptFinished"/> of outcome Cancelled.</summary>
    public sealed record StopAttempt(string JobId, string AttemptId, string Reason) : ITunerMessage, IWithJobId
    {
        /// <summary>The reason a cancelled job's attempts stop: the worker keeps the attempt's best epoch's state (the job's
        /// best model may be it), which it does not for an attempt stopped because another superseded it.</summary>
        public const string JobCancelled = "job cancelled";
    }
}
