using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Search;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Everything a job knows: the spec, its search algorithm (with the trial book), the work items'
/// attempts, the queue of work to run again, cancellation and the final status. <see cref="Apply"/> is the only
/// mutator and is used the same way live and on recovery; <see cref="JobDecisions"/> turns commands into events.</summary>
public sealed class JobState
{
    private readonly List<SearchEvent> _searchEvents = [];
    private readonly Dictionary<string, WorkRecord> _works = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AttemptRecord> _attempts = new(StringComparer.Ordinal);
    private readonly List<AttemptRecord> _attemptOrder = [];
    private readonly List<string> _requeued = [];
    private JobSubmitted? _submitted;
    private JobSpec? _spec;
    private ISearchAlgorithm? _algorithm;

    public JobState(string jobId) => JobId = jobId;

    public string JobId { get; }

    /// <summary>False until <see cref="JobSubmitted"/> was applied.</summary>
    public bool IsSubmitted => _submitted is not null;

    public JobSubmitted Submitted => _submitted ?? throw NotSubmitted();

    public JobSpec Spec => _spec ?? throw NotSubmitted();

    public ISearchAlgorithm Algorithm => _algorithm ?? throw NotSubmitted();

    /// <summary><c>running</c>, <c>completed</c>, <c>cancelled</c> or <c>failed</c>.</summary>
    public string Status { get; private set; } = JobStatuses.Running;

    public bool IsFinal => Status != JobStatuses.Running;

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset? CancelRequestedAt { get; private set; }

    public bool CancelRequested => CancelRequestedAt is not null;

    /// <summary>Work items whose attempt ended without finishing them, oldest first: dispatched before new work.</summary>
    public IReadOnlyList<string> Requeued => _requeued;

    public IReadOnlyList<AttemptRecord> Attempts => _attemptOrder;

    /// <summary>Attempts assigned and not ended, in start order.</summary>
    public IEnumerable<AttemptRecord> RunningAttempts => _attemptOrder.Where(a => a.Status == AttemptStatus.Running);

    public AttemptRecord? Attempt(string attemptId) => _attempts.GetValueOrDefault(attemptId);

    public WorkRecord? Work(string workId) => _works.GetValueOrDefault(workId);

    /// <summary>Applies one event. Throws <see cref="InvalidOperationException"/> for an event that contradicts the
    /// state (a journal from another job, or a bug): recovery then fails loudly rather than inventing a history.</summary>
    public void Apply(IJobEvent e)
    {
        switch (e)
        {
            case EventsRecorded recorded:
                foreach (var inner in recorded.Events) Apply(inner);
                break;
            case JobSubmitted submitted:
                if (_submitted is not null) throw new InvalidOperationException($"job {JobId} was submitted twice");
                if (submitted.JobId != JobId) throw new InvalidOperationException($"event of job {submitted.JobId} in the journal of job {JobId}");
                _spec = JobSpecParser.Parse(submitted.SpecJson);
                _algorithm = SearchAlgorithms.Create(_spec);
                _submitted = submitted;
                break;
            case SearchEventRecorded recorded:
                ApplySearch(recorded);
                break;
            case AttemptStarted started:
                StartAttempt(started);
                break;
            case AttemptAbandoned abandoned:
            {
                var attempt = RunningAttempt(abandoned.AttemptId);
                attempt.Status = AttemptStatus.Abandoned;
                attempt.EndReason = abandoned.Reason;
                Requeue(attempt.WorkId);
                break;
            }
            case AttemptHandedBack handedBack:
            {
                var attempt = RunningAttempt(handedBack.AttemptId);
                attempt.Status = AttemptStatus.HandedBack;
                attempt.HandBackEpoch = handedBack.Epoch;
                attempt.EndReason = "handed back";
                var work = _works[attempt.WorkId];
                if (handedBack.CheckpointId is not null)
                {
                    work.Checkpoint = handedBack.CheckpointId;
                    work.CheckpointEpoch = handedBack.Epoch;
                }
                Requeue(attempt.WorkId);
                break;
            }
            case JobCancelRequested cancel:
                CancelRequestedAt ??= cancel.At;
                break;
            case JobFinished finished:
                Status = finished.Status;
                FinishedAt = finished.At;
                Error = finished.Error;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e, "unknown job event");
        }
    }

    private void ApplySearch(SearchEventRecorded recorded)
    {
        Algorithm.Apply(recorded.Event);
        _searchEvents.Add(recorded.Event);
        switch (recorded.Event)
        {
            case WorkStarted started:
                var item = started.Item;
                var checkpoint = item.ResumeFrom is null ? null : BlobProtocol.Ids.Checkpoint(JobId, item.ResumeFrom);
                _works.Add(item.WorkId, new WorkRecord(item, checkpoint, item.FromEpoch));
                break;
            case EpochReported reported when recorded.AttemptId is not null:
                RunningAttempt(recorded.AttemptId).EpochSeconds[reported.Epoch.Epoch] = recorded.Seconds;
                break;
            case WorkFinished finished:
                _works[finished.WorkId].Finished = true;
                _requeued.Remove(finished.WorkId);
                if (recorded.AttemptId is not null)
                {
                    var attempt = RunningAttempt(recorded.AttemptId);
                    attempt.Status = AttemptStatus.Finished;
                    attempt.FinishedSeconds = recorded.Seconds;
                    attempt.EndReason = finished.Outcome.Kind.ToString().ToLowerInvariant();
                }
                break;
        }
    }

    private void StartAttempt(AttemptStarted started)
    {
        if (!_works.TryGetValue(started.WorkId, out var work)) throw new InvalidOperationException($"attempt {started.AttemptId} of unknown work item {started.WorkId}");
        if (work.Finished) throw new InvalidOperationException($"attempt {started.AttemptId} of finished work item {started.WorkId}");
        if (work.CurrentAttempt is { } current && _attempts[current].Status == AttemptStatus.Running)
            throw new InvalidOperationException($"attempt {started.AttemptId} started while {current} runs");
        var attempt = new AttemptRecord(started.AttemptId, started.WorkId, started.WorkerId, started.Slot, started.ResumeCheckpoint, started.FromEpoch, started.At);
        _attempts.Add(attempt.AttemptId, attempt);
        _attemptOrder.Add(attempt);
        work.Attempts.Add(attempt.AttemptId);
        _requeued.Remove(started.WorkId);
    }

    private void Requeue(string workId)
    {
        if (!_works[workId].Finished && !_requeued.Contains(workId)) _requeued.Add(workId);
    }

    private AttemptRecord RunningAttempt(string attemptId)
    {
        if (!_attempts.TryGetValue(attemptId, out var attempt)) throw new InvalidOperationException($"no attempt {attemptId}");
        if (attempt.Status != AttemptStatus.Running) throw new InvalidOperationException($"attempt {attemptId} already ended ({attempt.Status})");
        return attempt;
    }

    private InvalidOperationException NotSubmitted() => new($"job {JobId} has no JobSubmitted event");

    // --- snapshots ---------------------------------------------------------------------------------------

    /// <summary>The state as a snapshot: the search events (for the algorithm) plus the runtime's bookkeeping.</summary>
    public JobSnapshot ToSnapshot() => new(
        Submitted,
        _searchEvents.ToValueList(),
        _works.Values.Select(w => new JobSnapshot.Work(w.WorkId, w.Attempts.ToValueList(), w.Checkpoint, w.CheckpointEpoch, w.Finished)).ToValueList(),
        _attemptOrder.Select(a => new JobSnapshot.Attempt(
            a.AttemptId, a.WorkId, a.WorkerId, a.Slot, a.ResumeCheckpoint, a.FromEpoch, a.StartedAt, a.Status,
            a.EpochSeconds.Select(e => new JobSnapshot.EpochSeconds(e.Key, e.Value)).ToValueList(),
            a.FinishedSeconds, a.HandBackEpoch, a.EndReason)).ToValueList(),
        _requeued.ToValueList(),
        CancelRequestedAt,
        IsFinal ? new JobFinished(Status, FinishedAt!.Value, Error) : null);

    /// <summary>Rebuilds the state a snapshot was taken of: a fresh algorithm replays the search events.</summary>
    public static JobState FromSnapshot(JobSnapshot snapshot)
    {
        var state = new JobState(snapshot.Submitted.JobId);
        state.Apply(snapshot.Submitted);
        foreach (var e in snapshot.SearchEvents)
        {
            state.Algorithm.Apply(e);
            state._searchEvents.Add(e);
        }
        foreach (var w in snapshot.Works)
        {
            var work = new WorkRecord(state.Algorithm.Book.Work(w.WorkId), w.Checkpoint, w.CheckpointEpoch) { Finished = w.Finished };
            work.Attempts.AddRange(w.Attempts);
            state._works.Add(w.WorkId, work);
        }
        foreach (var a in snapshot.Attempts)
        {
            var attempt = new AttemptRecord(a.AttemptId, a.WorkId, a.WorkerId, a.Slot, a.ResumeCheckpoint, a.FromEpoch, a.StartedAt)
            {
                Status = a.Status,
                FinishedSeconds = a.FinishedSeconds,
                HandBackEpoch = a.HandBackEpoch,
                EndReason = a.EndReason,
            };
            foreach (var e in a.Epochs) attempt.EpochSeconds[e.Epoch] = e.Seconds;
            state._attempts.Add(a.AttemptId, attempt);
            state._attemptOrder.Add(attempt);
        }
        state._requeued.AddRange(snapshot.Requeued);
        state.CancelRequestedAt = snapshot.CancelRequestedAt;
        if (snapshot.Finished is { } finished) state.Apply(finished);
        return state;
    }
}
