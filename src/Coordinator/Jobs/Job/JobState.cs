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
    // The search events a snapshot replays into a fresh algorithm. A work item's live epoch reports are kept only while
    // it runs: its WorkFinished carries the authoritative history and replaces them in the trial book, so once it is
    // applied they change nothing on replay and are dropped (a null here until the next compaction): at 100,000 trials
    // they were most of the state and of every snapshot.
    private readonly List<SearchEvent?> _searchEvents = [];
    private readonly Dictionary<string, List<int>> _epochReports = new(StringComparer.Ordinal); // running work → positions
    private int _droppedEvents;
    private readonly List<WorkRecord> _works = [];
    private readonly Dictionary<string, int> _workIndex = new(StringComparer.Ordinal);
    private readonly List<AttemptRecord> _attempts = [];
    private readonly Dictionary<string, int> _attemptIndex = new(StringComparer.Ordinal);
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
    public string Status => Finished?.Status ?? JobStatuses.Running;

    public bool IsFinal => Finished is not null;

    /// <summary>How the job ended (null while it runs).</summary>
    public JobFinished? Finished { get; private set; }

    public DateTimeOffset? FinishedAt => Finished?.At;

    public string? Error => Finished?.Error;

    public DateTimeOffset? CancelRequestedAt { get; private set; }

    public bool CancelRequested => CancelRequestedAt is not null;

    /// <summary>Work items whose attempt ended without finishing them, oldest first: dispatched before new work.</summary>
    public IReadOnlyList<string> Requeued => _requeued;

    /// <summary>Every attempt, in start order.</summary>
    public IReadOnlyList<AttemptRecord> Attempts => _attempts;

    /// <summary>Attempts assigned and not ended, in start order.</summary>
    public IEnumerable<AttemptRecord> RunningAttempts => _attempts.Where(a => a.Status == AttemptStatus.Running);

    public AttemptRecord? Attempt(string attemptId) => _attemptIndex.TryGetValue(attemptId, out var i) ? _attempts[i] : null;

    public WorkRecord? Work(string workId) => _workIndex.TryGetValue(workId, out var i) ? _works[i] : null;

    /// <summary>The search's work item <paramref name="workId"/> (what to train: trial, configuration, epochs).</summary>
    public WorkItem Item(string workId) => Algorithm.Book.Work(workId);

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
                Requeue(EndAttempt(abandoned.AttemptId, a => a with { Status = AttemptStatus.Abandoned, EndReason = abandoned.Reason, WorkerLost = abandoned.WorkerLost }).WorkId);
                break;
            case AttemptHandedBack handedBack:
            {
                var attempt = EndAttempt(handedBack.AttemptId, a => a with { Status = AttemptStatus.HandedBack, HandBackEpoch = handedBack.Epoch, EndReason = "handed back" });
                if (handedBack.CheckpointId is not null) SetWork(attempt.WorkId, w => w with { Checkpoint = handedBack.CheckpointId, CheckpointEpoch = handedBack.Epoch });
                Requeue(attempt.WorkId);
                break;
            }
            case JobCancelRequested cancel:
                CancelRequestedAt ??= cancel.At;
                break;
            case JobFinished finished:
                Finished = finished;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e, "unknown job event");
        }
    }

    private void ApplySearch(SearchEventRecorded recorded)
    {
        Algorithm.Apply(recorded.Event);
        Keep(recorded.Event);
        switch (recorded.Event)
        {
            case WorkStarted started:
                var item = started.Item;
                var checkpoint = item.ResumeFrom is null ? null : BlobProtocol.Ids.Checkpoint(JobId, item.ResumeFrom);
                _workIndex.Add(item.WorkId, _works.Count);
                _works.Add(new WorkRecord(item.WorkId, [], checkpoint, item.FromEpoch));
                break;
            case EpochReported reported when recorded.AttemptId is not null:
                var epoch = new EpochSeconds(reported.Epoch.Epoch, recorded.Seconds);
                UpdateRunning(recorded.AttemptId, a => a with { Epochs = [.. a.Epochs, epoch] });
                break;
            case WorkFinished finished:
                SetWork(finished.WorkId, w => w with { Finished = true });
                _requeued.Remove(finished.WorkId);
                // Its own total replaces the sum of its epochs (CreditedSeconds), so their seconds need not be kept.
                if (recorded.AttemptId is not null)
                    EndAttempt(recorded.AttemptId, a => a with { Status = AttemptStatus.Finished, FinishedSeconds = recorded.Seconds, Epochs = [], EndReason = finished.Outcome.Kind.ToString().ToLowerInvariant() });
                break;
        }
    }

    /// <summary>Keeps a search event for snapshots; a finished work item's epoch reports are dropped (see <see cref="_searchEvents"/>).</summary>
    private void Keep(SearchEvent e)
    {
        switch (e)
        {
            case EpochReported reported:
                if (!_epochReports.TryGetValue(reported.WorkId, out var positions)) _epochReports[reported.WorkId] = positions = [];
                positions.Add(_searchEvents.Count);
                break;
            case WorkFinished finished when _epochReports.Remove(finished.WorkId, out var reports):
                foreach (var position in reports) _searchEvents[position] = null;
                _droppedEvents += reports.Count;
                break;
        }
        _searchEvents.Add(e);
        if (_droppedEvents > 4096 && _droppedEvents > _searchEvents.Count / 2) Compact();
    }

    /// <summary>Closes the gaps the dropped epoch reports left (amortized: only once they are half the list).</summary>
    private void Compact()
    {
        if (_droppedEvents == 0) return;
        _searchEvents.RemoveAll(e => e is null);
        _droppedEvents = 0;
        foreach (var positions in _epochReports.Values) positions.Clear();
        for (var i = 0; i < _searchEvents.Count; i++)
            if (_searchEvents[i] is EpochReported reported) _epochReports[reported.WorkId].Add(i);
    }

    private void StartAttempt(AttemptStarted started)
    {
        if (Work(started.WorkId) is not { } work) throw new InvalidOperationException($"attempt {started.AttemptId} of unknown work item {started.WorkId}");
        if (work.Finished) throw new InvalidOperationException($"attempt {started.AttemptId} of finished work item {started.WorkId}");
        if (work.CurrentAttempt is { } current && Attempt(current)!.Status == AttemptStatus.Running)
            throw new InvalidOperationException($"attempt {started.AttemptId} started while {current} runs");
        _attemptIndex.Add(started.AttemptId, _attempts.Count);
        _attempts.Add(new AttemptRecord(started.AttemptId, started.WorkId, started.WorkerId, started.Slot, started.ResumeCheckpoint, started.FromEpoch, started.At, AttemptStatus.Running, [], WorkerNode: started.WorkerNode));
        SetWork(started.WorkId, w => w with { Attempts = [.. w.Attempts, started.AttemptId] });
        _requeued.Remove(started.WorkId);
    }

    private void Requeue(string workId)
    {
        if (!Work(workId)!.Finished && !_requeued.Contains(workId)) _requeued.Add(workId);
    }

    private void SetWork(string workId, Func<WorkRecord, WorkRecord> change) => _works[_workIndex[workId]] = change(_works[_workIndex[workId]]);

    /// <summary>Replaces the running attempt <paramref name="attemptId"/> with <paramref name="change"/> of it.</summary>
    private AttemptRecord UpdateRunning(string attemptId, Func<AttemptRecord, AttemptRecord> change)
    {
        if (!_attemptIndex.TryGetValue(attemptId, out var i)) throw new InvalidOperationException($"no attempt {attemptId}");
        if (_attempts[i].Status != AttemptStatus.Running) throw new InvalidOperationException($"attempt {attemptId} already ended ({_attempts[i].Status})");
        return _attempts[i] = change(_attempts[i]);
    }

    private AttemptRecord EndAttempt(string attemptId, Func<AttemptRecord, AttemptRecord> end) => UpdateRunning(attemptId, end);

    private InvalidOperationException NotSubmitted() => new($"job {JobId} has no JobSubmitted event");

    // --- snapshots ---------------------------------------------------------------------------------------

    /// <summary>How many records a snapshot would hold (search events, work items, attempts): what it costs to write.</summary>
    public int SnapshotRecords => _searchEvents.Count - _droppedEvents + _works.Count + _attempts.Count;

    /// <summary>The state as a snapshot: the search events (for the algorithm; no epoch reports of finished work) and the
    /// records kept here, as they are.</summary>
    public JobSnapshot ToSnapshot()
    {
        Compact(); // no change to what the state means: only the dropped reports' gaps go
        return new(Submitted, _searchEvents.Select(e => e!).ToValueList(), _works.ToValueList(), _attempts.ToValueList(), _requeued.ToValueList(), CancelRequestedAt, Finished);
    }

    /// <summary>Rebuilds the state a snapshot was taken of: a fresh algorithm replays the search events.</summary>
    public static JobState FromSnapshot(JobSnapshot snapshot)
    {
        var state = new JobState(snapshot.Submitted.JobId);
        state.Apply(snapshot.Submitted);
        foreach (var e in snapshot.SearchEvents)
        {
            state.Algorithm.Apply(e);
            state.Keep(e); // a snapshot taken before reports were dropped still has them: dropped here as they would be live
        }
        state.Compact();
        foreach (var work in snapshot.Works)
        {
            state._workIndex.Add(work.WorkId, state._works.Count);
            state._works.Add(work);
        }
        foreach (var attempt in snapshot.Attempts)
        {
            state._attemptIndex.Add(attempt.AttemptId, state._attempts.Count);
            state._attempts.Add(attempt);
        }
        state._requeued.AddRange(snapshot.Requeued);
        state.CancelRequestedAt = snapshot.CancelRequestedAt;
        state.Finished = snapshot.Finished;
        return state;
    }
}
