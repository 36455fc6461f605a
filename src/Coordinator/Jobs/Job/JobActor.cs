using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Tuner.Contracts.Collections;
using Akka.Persistence;
using Tuner.Contracts.Protocol;
using static Tuner.Contracts.Protocol.JobProtocol;
using static Tuner.Contracts.Protocol.TrialProtocol;
using static Tuner.Coordinator.Jobs.Job.JobEvents;
using static Tuner.Coordinator.Jobs.JobInternalProtocol;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>One job (<c>job-&lt;id&gt;</c>): persists what happens as <see cref="JobEvents"/>, hands out trials to the
/// worker slots the manager offers, and answers queries. Decisions are <see cref="JobDecisions"/>' and state
/// changes <see cref="JobState.Apply"/>'s; this actor persists, applies, watches workers and sends.</summary>
/// <remarks>Worker refs are not persisted: after a restart the attempts that were running are unconfirmed until
/// their worker reports (which re-learns its ref), and are requeued when the lease runs out first.</remarks>
public sealed class JobActor : ReceivePersistentActor, IWithTimers
{
    private const string LeaseTimer = "lease";
    private const string SilenceTimer = "silence";
    private const string PublishTimer = "publish";
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(200);

    private readonly CoordinatorSettings _settings;
    private readonly IActorRef _manager;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _workers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unconfirmed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastHeard = new(StringComparer.Ordinal); // attempt → Environment.TickCount64
    private long _lastSilenceCheck;
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly HashSet<string> _storing = new(StringComparer.Ordinal); // attempts whose inline checkpoints are being stored
    private JobState _state;
    private JobSummary? _published;
    private long _applied;              // journal entries applied since start (live), and of those…
    private long _durable;              // …the ones the journal confirmed
    // Actions waiting for the events applied before them to be durable, in order: (applied count, action).
    private readonly Queue<(long Upto, Action Action)> _afterWrites = new();
    private long _snapshotAt;           // sequence number of the last snapshot taken
    private long? _snapshotSequenceNr;
    private int _eventsReplayed;

    public JobActor(string jobId, CoordinatorSettings settings, IActorRef manager)
    {
        _settings = settings;
        _manager = manager;
        _state = new JobState(jobId);
        PersistenceId = PersistenceIdOf(jobId);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not JobSnapshot snapshot) return;
            _state = JobState.FromSnapshot(snapshot);
            _snapshotSequenceNr = offer.Metadata.SequenceNr;
            _snapshotAt = offer.Metadata.SequenceNr;
        });
        Recover<IJobEvent>(e =>
        {
            _state.Apply(e);
            _eventsReplayed++;
        });
        // Right here, not via a message to self: an offer stashed during recovery would otherwise start an
        // attempt that then looked like one running before the restart.
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<StartJob>(OnStart);
        Command<PublishNow>(_ => AfterWrites(() => SendSummary(force: false)));
        Command<OfferWork>(OnOffer);
        Command<EpochDone>(OnEpoch);
        Command<AttemptHeartbeat>(OnHeartbeat);
        Command<FinishedReports>(OnFinishedReports);
        Command<CheckpointsStored>(OnCheckpointsStored);
        Command<TrialProtocol.AttemptHandedBack>(OnHandedBack);
        Command<Terminated>(OnTerminated);
        Command<WorkerUnreachable>(m => AbandonWorkers(_workers.Where(w => w.Value.Path.Address.Equals(m.Address)).Select(w => w.Key).ToList(), "worker unreachable"));
        Command<LeaseExpired>(_ => OnLeaseExpired());
        Command<CheckSilence>(_ => OnCheckSilence());
        Command<CancelJob>(OnCancel);
        Command<GetJob>(_ => Reply(() => SummaryBuilder.Build(_state)));
        Command<GetResults>(_ => Reply(() => new JobResults(ResultsBuilder.Build(_state))));
        Command<SubscribeJob>(_ => OnSubscribe());
        Command<UnsubscribeJob>(_ => Unsubscribe(Sender));
        Command<GetRecoveryInfo>(_ => Sender.Tell(new RecoveryInfo(_snapshotSequenceNr, _eventsReplayed, LastSequenceNr)));
        // Stop only once every applied event is durable, so a graceful stop loses nothing.
        Command<StopJob>(_ => AfterWrites(() => Context.Stop(Self)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Job {JobId}: saving a snapshot failed; recovery replays more events", JobId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Job {JobId}: deleting old snapshots failed", JobId));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private string JobId => _state.JobId;

    /// <summary>Starts the silence check for a job that can still run attempts (an ended one needs none).</summary>
    private void WatchForSilence()
    {
        if (_settings.SilenceTimeout > TimeSpan.Zero && !_state.IsFinal)
            Timers.StartPeriodicTimer(SilenceTimer, CheckSilence.Instance, _settings.SilenceTimeout / 4);
    }

    private DateTimeOffset Now => _settings.Clock.GetUtcNow();

    public static string PersistenceIdOf(string jobId) => $"job-{jobId}";

    public static Props Props(string jobId, CoordinatorSettings settings, IActorRef manager) =>
        Akka.Actor.Props.Create(() => new JobActor(jobId, settings, manager));

    /// <summary>The job under a backoff supervisor: a persistent actor whose recovery fails stops for good, so it is
    /// started again after 1 s, 2 s, 4 s … (<see cref="StopJob"/> stops both for real).</summary>
    public static Props SupervisedProps(string jobId, CoordinatorSettings settings, IActorRef manager) =>
        BackoffSupervisor.Props(
            Backoff.OnStop(Props(jobId, settings, manager), "job", settings.JobRestartMinBackoff, settings.JobRestartMaxBackoff, 0.2, maxNrOfRetries: -1)
                .WithFinalStopMessage(m => m is StopJob));

    // --- lifecycle -------------------------------------------------------------------------------------

    private void OnRecovered()
    {
        if (!_state.IsSubmitted) return; // a new job: StartJob follows
        WatchForSilence();
        if (_eventsReplayed > 0 || _snapshotSequenceNr is not null)
            _log.Info("Job {JobId} recovered: {Events} events after snapshot {Snapshot}, status {Status}", JobId, _eventsReplayed, _snapshotSequenceNr ?? 0, _state.Status);
        foreach (var attempt in _state.RunningAttempts) _unconfirmed.Add(attempt.AttemptId);
        if (_unconfirmed.Count > 0)
        {
            if (_settings.AttemptLease <= TimeSpan.Zero) OnLeaseExpired();
            else Timers.StartSingleTimer(LeaseTimer, LeaseExpired.Instance, _settings.AttemptLease);
        }
        Record([], () => _manager.Tell(new WorkMayBeAvailable(JobId)));
    }

    private void OnStart(StartJob start)
    {
        if (_state.IsSubmitted)
        {
            Publish(force: true);
            return;
        }
        Record([start.Submitted], () =>
        {
            WatchForSilence();
            _log.Info("Job {JobId} ({Name}) submitted: {Algorithm}, {PlannedEpochs} epochs planned",
                JobId, _state.Submitted.Name, _state.Algorithm.Type, _state.Algorithm.PlannedEpochs?.ToString() ?? "unknown");
            _manager.Tell(new WorkMayBeAvailable(JobId));
        });
    }

    // --- work ------------------------------------------------------------------------------------------

    /// <summary>A worker's idle slots: as many attempts as the search has work for, persisted together and sent to the
    /// worker in one message.</summary>
    private void OnOffer(OfferWork offer)
    {
        var worker = Sender;
        var now = Now;
        var events = new List<IJobEvent>();
        var started = new List<AttemptStarted>();
        var taken = new List<int>();
        foreach (var slot in offer.Slots)
        {
            if (JobDecisions.NextAttempt(_state, offer.WorkerId, slot, now) is not JobDecisions.Dispatch.Start start) break;
            Apply(start.Events, events); // the next slot's decision sees this one
            started.Add(start.Attempt);
            taken.Add(slot);
        }
        // Decided: the manager may offer the next request (to another job) while this persists. A further offer to this
        // job sees these attempts already applied, so no work is handed out twice.
        _manager.Tell(new OfferAnswered(JobId, offer.WorkerId, taken));
        if (started.Count == 0)
        {
            Record([], null); // the search may have just finished (e.g. nothing left after a recovery)
            return;
        }
        PersistApplied(events, () =>
        {
            var assignments = new List<WorkProtocol.TrialAssignment>(started.Count);
            foreach (var attempt in started)
            {
                Remember(attempt.AttemptId, worker);
                _lastHeard[attempt.AttemptId] = Environment.TickCount64;
                assignments.Add(JobDecisions.Assignment(_state, attempt));
            }
            foreach (var batch in FrameBudget.Split(assignments, FrameBudget.Estimate)) worker.Tell(new WorkProtocol.TrialAssignments(batch));
            if (_log.IsDebugEnabled)
                _log.Debug("Job {JobId}: attempts {AttemptIds} to {WorkerId} slots {Slots}", JobId, string.Join(", ", started.Select(a => a.AttemptId)), offer.WorkerId, string.Join(", ", taken));
        });
    }

    private void OnEpoch(EpochDone done)
    {
        if (!Confirm(done.AttemptId)) return;
        Record(JobDecisions.OnEpoch(_state, done), null);
    }

    private void OnHeartbeat(AttemptHeartbeat heartbeat) => Confirm(heartbeat.AttemptId);

    /// <summary>A worker's batch of ended attempts for this job: the current ones are recorded together (after their
    /// inline checkpoints are stored), and every report is acknowledged in one message once its result is durable.</summary>
    private void OnFinishedReports(FinishedReports batch)
    {
        var worker = Sender;
        var stale = new List<string>();
        var current = new List<AttemptFinished>();
        foreach (var report in batch.Reports)
        {
            // A resend overtaking its first copy, whose checkpoint is being stored: that copy gets the acknowledgement.
            if (_storing.Contains(report.AttemptId)) continue;
            if (JobDecisions.Classify(_state, report.AttemptId) != JobDecisions.Report.Current)
            {
                stale.Add(report.AttemptId); // a duplicate, or the result of an attempt that no longer counts
                continue;
            }
            Confirm(report.AttemptId);
            current.Add(report);
        }
        var inline = current.Where(r => r.InlineCheckpoint is not null && r.CheckpointId is not null).ToList();
        if (inline.Count == 0)
        {
            RecordFinished(current, stale, worker);
            return;
        }
        var puts = inline.Select(r => _settings.BlobStore.PutAsync(r.CheckpointId!, r.InlineCheckpoint)).ToArray();
        if (Array.TrueForAll(puts, t => t.IsCompletedSuccessfully))
        {
            RecordFinished(current, stale, worker); // a folder store writes small blobs at once
            return;
        }
        foreach (var report in current) _storing.Add(report.AttemptId);
        Task.WhenAll(puts).PipeTo(Self,
            success: () => new CheckpointsStored(current, stale, worker, null),
            failure: e => new CheckpointsStored(current, stale, worker, e.GetBaseException().Message));
    }

    private void OnCheckpointsStored(CheckpointsStored stored)
    {
        foreach (var report in stored.Reports) _storing.Remove(report.AttemptId);
        if (stored.Error is null)
        {
            RecordFinished(stored.Reports, stored.Stale, stored.Worker);
            return;
        }
        // Not acknowledged, so the worker resends them and the store is tried again: nothing is recorded without its checkpoint.
        _log.Warning("Job {JobId}: storing the checkpoints of {Count} finished attempts failed, waiting for their resend: {Error}", JobId, stored.Reports.Count, stored.Error);
        RecordFinished([], stored.Stale, stored.Worker);
    }

    /// <summary>Records the reports that still count (an attempt may have been requeued while its checkpoint was being
    /// stored) and acknowledges them, and the stale ones, once that is durable.</summary>
    private void RecordFinished(IReadOnlyList<AttemptFinished> reports, IReadOnlyList<string> stale, IActorRef worker)
    {
        var events = new List<IJobEvent>();
        var recorded = new List<AttemptFinished>();
        var acks = new List<string>(stale);
        foreach (var report in reports)
        {
            acks.Add(report.AttemptId);
            if (JobDecisions.Classify(_state, report.AttemptId) != JobDecisions.Report.Current) continue;
            Apply(JobDecisions.OnFinished(_state, report), events);
            recorded.Add(report);
        }
        if (acks.Count == 0) return;
        var ack = new AttemptsFinishedAck(JobId, acks.ToValueList());
        if (recorded.Count == 0)
        {
            // Only stale reports: acknowledged once what made them stale is durable (a resend can overtake the first
            // report's write; were that write to fail, an early acknowledgement would have let the worker drop a result
            // the journal does not have).
            AfterWrites(() => worker.Tell(ack));
            return;
        }
        PersistApplied(events, () =>
        {
            worker.Tell(ack);
            foreach (var report in recorded)
            {
                Forget(report.AttemptId);
                _log.Debug("Job {JobId}: attempt {AttemptId} ended {Outcome} after {Seconds} s", JobId, report.AttemptId, report.Outcome, report.Seconds);
            }
            _manager.Tell(new WorkMayBeAvailable(JobId));
        });
    }

    private void OnHandedBack(TrialProtocol.AttemptHandedBack handedBack)
    {
        // Acknowledged once recorded (or, when it no longer counts, once what made it stale is durable): the runner
        // stays alive until then, so the DeathWatch of its stopping cannot overtake the hand-back and turn it into an
        // abandonment.
        var sender = Sender;
        var ack = new AttemptFinishedAck(JobId, handedBack.AttemptId);
        if (JobDecisions.Classify(_state, handedBack.AttemptId) != JobDecisions.Report.Current)
        {
            AfterWrites(() => sender.Tell(ack)); // as for a stale AttemptFinished (see RecordFinished)
            return;
        }
        Record(JobDecisions.OnHandedBack(_state, handedBack), () =>
        {
            sender.Tell(ack);
            Forget(handedBack.AttemptId);
            _log.Info("Job {JobId}: attempt {AttemptId} handed back after epoch {Epoch}", JobId, handedBack.AttemptId, handedBack.Epoch);
            _manager.Tell(new WorkMayBeAvailable(JobId));
        });
    }

    private void OnTerminated(Terminated terminated)
    {
        _subscribers.Remove(terminated.ActorRef);
        AbandonWorkers(_workers.Where(w => w.Value.Equals(terminated.ActorRef)).Select(w => w.Key).ToList(), "worker terminated");
    }

    private void OnLeaseExpired()
    {
        var silent = _unconfirmed.ToList();
        _unconfirmed.Clear();
        if (silent.Count > 0) _log.Info("Job {JobId}: {Count} attempts did not report in after the restart; requeuing them", JobId, silent.Count);
        Abandon(silent, "no report after the coordinator restarted");
    }

    /// <summary>Requeues running attempts whose worker has said nothing for <c>SilenceTimeout</c> (Akka.Remote loses
    /// messages only when an association drops, which the cluster reports; this covers anything else).</summary>
    private void OnCheckSilence()
    {
        var now = Environment.TickCount64;
        bool stalled = _lastSilenceCheck > 0 && now - _lastSilenceCheck > 2 * _settings.SilenceTimeout.TotalMilliseconds / 4;
        _lastSilenceCheck = now;
        if (stalled)
        {
            // This actor (or its node) was stalled: the workers' messages may be waiting behind this one, so it is
            // this node's silence, not theirs — everyone gets a full timeout again.
            foreach (var attemptId in _lastHeard.Keys.ToList()) _lastHeard[attemptId] = now;
            return;
        }
        var cutoff = now - (long)_settings.SilenceTimeout.TotalMilliseconds;
        var ended = new List<string>();
        var silent = new List<string>();
        foreach (var (attemptId, heard) in _lastHeard)
        {
            if (_state.Attempt(attemptId)?.Status != AttemptStatus.Running) ended.Add(attemptId);
            else if (heard < cutoff) silent.Add(attemptId);
        }
        foreach (var attemptId in ended) _lastHeard.Remove(attemptId);
        AbandonWorkers(silent, $"no word from the worker for {_settings.SilenceTimeout.TotalSeconds:F0} s");
    }

    private void AbandonWorkers(IReadOnlyList<string> attemptIds, string reason)
    {
        if (attemptIds.Count == 0) return;
        _log.Warning("Job {JobId}: {Reason}; requeuing {Attempts}", JobId, reason, string.Join(", ", attemptIds));
        Abandon(attemptIds, reason);
    }

    private void Abandon(IReadOnlyList<string> attemptIds, string reason)
    {
        foreach (var id in attemptIds) Forget(id);
        var events = JobDecisions.Abandon(_state, attemptIds, reason);
        if (events.Count > 0) Record(events, () => _manager.Tell(new WorkMayBeAvailable(JobId)));
    }

    private void OnCancel(CancelJob cancel)
    {
        var sender = Sender;
        if (!_state.IsSubmitted)
        {
            sender.Tell(new JobNotFound(cancel.JobId));
            return;
        }
        Record(JobDecisions.Cancel(_state, Now), () =>
        {
            foreach (var (attemptId, worker) in _workers) worker.Tell(new WorkProtocol.StopAttempt(JobId, attemptId, "job cancelled"));
            sender.Tell(new CancelAccepted(JobId));
        });
    }

    // --- attempts' workers -----------------------------------------------------------------------------

    /// <summary>True when the report is from the current attempt of its work item; learns (and watches) its worker,
    /// which confirms an attempt that was running before a restart. Other attempts are told to stop.</summary>
    private bool Confirm(string attemptId)
    {
        var verdict = JobDecisions.Classify(_state, attemptId);
        if (verdict != JobDecisions.Report.Current)
        {
            if (!Sender.IsNobody()) Sender.Tell(new WorkProtocol.StopAttempt(JobId, attemptId, verdict == JobDecisions.Report.Stale ? "superseded" : "unknown attempt"));
            return false;
        }
        if (_unconfirmed.Remove(attemptId))
        {
            _log.Info("Job {JobId}: attempt {AttemptId} reported in after the restart", JobId, attemptId);
            if (_state.CancelRequested) Sender.Tell(new WorkProtocol.StopAttempt(JobId, attemptId, "job cancelled"));
        }
        if (!_workers.TryGetValue(attemptId, out var known) || !known.Equals(Sender)) Remember(attemptId, Sender);
        _lastHeard[attemptId] = Environment.TickCount64;
        return true;
    }

    private void Remember(string attemptId, IActorRef worker)
    {
        if (worker.IsNobody()) return;
        _workers[attemptId] = worker;
        Context.Watch(worker);
    }

    private void Forget(string attemptId)
    {
        _unconfirmed.Remove(attemptId);
        _lastHeard.Remove(attemptId);
        if (!_workers.Remove(attemptId, out var worker)) return;
        if (!_workers.ContainsValue(worker) && !_subscribers.Contains(worker)) Context.Unwatch(worker);
    }

    // --- queries ---------------------------------------------------------------------------------------

    /// <summary>Answers a query from durable state: while events are in flight, the answer waits for their writes.</summary>
    private void Reply(Func<object> answer)
    {
        var sender = Sender;
        AfterWrites(() => sender.Tell(_state.IsSubmitted ? answer() : new JobNotFound(JobId)));
    }

    /// <summary>A write the journal refused (e.g. an event it cannot serialize): the state in memory already holds the
    /// event, and the actions waiting for it would never run, so the actor stops and its backoff supervisor recovers
    /// it from what the journal does have — as Akka does for a failed write.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Job {JobId}: the journal rejected event {SequenceNr} ({EventType}); restarting from the journal", JobId, sequenceNr, @event.GetType().Name);
        Context.Stop(Self);
    }

    /// <summary>Runs <paramref name="action"/> now, or after the events already applied are persisted.</summary>
    /// <remarks>Not <c>DeferAsync</c>: a deferred handler travels to the journal as a message of its own, and when it
    /// lands in a write batch without events, Akka.Persistence.Sql's <c>WriteMessagesAsync</c> fails on the empty
    /// batch — ten such failures open the journal's circuit breaker and every write (the job manager's too) fails
    /// until it closes. Seen under load: 20 busy jobs with watchers polling them.</remarks>
    private void AfterWrites(Action action)
    {
        if (_applied == _durable) action();
        else _afterWrites.Enqueue((_applied, action));
    }

    /// <summary>One more journal entry is durable: run the actions whose entries all are, in order.</summary>
    private void OnDurable()
    {
        _durable++;
        while (_afterWrites.TryPeek(out var next) && next.Upto <= _durable)
        {
            _afterWrites.Dequeue();
            next.Action();
        }
    }

    private void OnSubscribe()
    {
        if (!_state.IsSubmitted)
        {
            Sender.Tell(new JobNotFound(JobId));
            return;
        }
        var subscriber = Sender;
        AfterWrites(() =>
        {
            var summary = SummaryBuilder.Build(_state);
            subscriber.Tell(summary);
            if (summary.IsFinal || subscriber.IsNobody()) return;
            _subscribers.Add(subscriber);
            Context.Watch(subscriber);
        });
    }

    private void Unsubscribe(IActorRef subscriber)
    {
        if (_subscribers.Remove(subscriber) && !_workers.ContainsValue(subscriber)) Context.Unwatch(subscriber);
    }

    /// <summary>Pushes the summary to subscribers and the manager: at once when forced or final, otherwise at most
    /// every <see cref="PublishInterval"/> (a busy job changes hundreds of times a second; watchers need a few).</summary>
    private void Publish(bool force = false)
    {
        if (!_state.IsSubmitted) return;
        if (!force && !_state.IsFinal)
        {
            if (!Timers.IsTimerActive(PublishTimer)) Timers.StartSingleTimer(PublishTimer, PublishNow.Instance, PublishInterval);
            return;
        }
        Timers.Cancel(PublishTimer); // this one supersedes a throttled one
        AfterWrites(() => SendSummary(force));
    }

    private void SendSummary(bool force)
    {
        var summary = SummaryBuilder.Build(_state);
        if (!force && summary == _published) return;
        _published = summary;
        foreach (var subscriber in _subscribers) subscriber.Tell(summary);
        _manager.Tell(new JobSummaryChanged(summary));
        if (!summary.IsFinal) return;
        foreach (var subscriber in _subscribers.ToList()) Unsubscribe(subscriber);
    }

    // --- persistence -----------------------------------------------------------------------------------

    /// <summary>Applies <paramref name="events"/> at once — so the next command already sees this decision and
    /// a job keeps many writes in flight, which the journal batches into one transaction — and persists them
    /// asynchronously; <paramref name="then"/> (replies, acknowledgements, assignments) runs only once they
    /// are durable. A failed write stops the actor and the backoff supervisor recovers it from the journal.</summary>
    private void Record(IReadOnlyList<IJobEvent> events, Action? then)
    {
        foreach (var e in events) _state.Apply(e);
        PersistApplied(events, then);
    }

    /// <summary>Applies <paramref name="events"/> now and adds them to <paramref name="into"/>, to be persisted together.</summary>
    private void Apply(IReadOnlyList<IJobEvent> events, List<IJobEvent> into)
    {
        foreach (var e in events) _state.Apply(e);
        into.AddRange(events);
    }

    /// <summary>Persists events already applied (see <see cref="Record"/>); <paramref name="then"/> runs once they are durable.</summary>
    private void PersistApplied(IReadOnlyList<IJobEvent> events, Action? then)
    {
        if (events.Count == 0)
        {
            // Nothing new to write, but the answer may rest on events still in flight (a second cancel while the
            // first is being written must not be confirmed before it is durable).
            AfterWrites(() =>
            {
                then?.Invoke();
                AfterChange();
            });
            return;
        }
        _applied++;
        _afterWrites.Enqueue((_applied, () =>
        {
            then?.Invoke();
            MaybeSnapshot();
            AfterChange();
        }));
        // One journal entry per decision: its events are durable together, and one row costs the journal far less than many.
        PersistAsync(events.Count == 1 ? events[0] : new EventsRecorded(events.ToValueList()), _ => OnDurable());
    }

    /// <summary>A snapshot every <c>SnapshotInterval</c> journal entries, taken only when nothing is in flight, so it never holds
    /// an event the journal does not have.</summary>
    /// <remarks>A snapshot holds every attempt, so a big job waits for at least as many new entries as it has attempts:
    /// a fixed interval made snapshots cost O(attempts) every 200 entries (O(n²) per job; 16 % of a busy coordinator's
    /// CPU at a few thousand trials), this keeps them O(1) per entry while recovery replays at most that many.</remarks>
    private void MaybeSnapshot()
    {
        if (_settings.SnapshotInterval <= 0 || _applied != _durable) return;
        if (LastSequenceNr - _snapshotAt < Math.Max(_settings.SnapshotInterval, _state.Attempts.Count)) return;
        _snapshotAt = LastSequenceNr;
        SaveSnapshot(_state.ToSnapshot());
    }

    private void AfterChange()
    {
        var completion = JobDecisions.Completion(_state, Now);
        if (completion.Count == 0)
        {
            Publish();
            return;
        }
        Record(completion, () =>
        {
            _log.Info("Job {JobId} {Status}: {Trials} trials, {Epochs} epochs{Error}", JobId, _state.Status,
                _state.Algorithm.Book.Count, _state.Algorithm.Book.EpochsTrained, _state.Error is null ? "" : $" ({_state.Error})");
            Timers.Cancel(LeaseTimer);
            Timers.Cancel(SilenceTimer);
        });
    }

    // --- private messages ------------------------------------------------------------------------------

    /// <summary>The inline checkpoints of <paramref name="Reports"/> are stored (or, with <paramref name="Error"/>, not).</summary>
    private sealed record CheckpointsStored(IReadOnlyList<AttemptFinished> Reports, IReadOnlyList<string> Stale, IActorRef Worker, string? Error)
        : INoSerializationVerificationNeeded;

    private sealed class PublishNow : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly PublishNow Instance = new();
    }

    private sealed class CheckSilence : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly CheckSilence Instance = new();
    }

    private sealed class LeaseExpired : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly LeaseExpired Instance = new();
    }

    /// <summary>Asks how the actor recovered (tests prove snapshot recovery with it).</summary>
    internal sealed class GetRecoveryInfo : INoSerializationVerificationNeeded
    {
        public static readonly GetRecoveryInfo Instance = new();
    }

    /// <summary>The snapshot recovery started from (null: none), the events replayed after it, and the last sequence number.</summary>
    internal sealed record RecoveryInfo(long? SnapshotSequenceNr, int EventsReplayed, long LastSequenceNr) : INoSerializationVerificationNeeded;
}
