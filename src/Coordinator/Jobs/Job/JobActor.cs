using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Search;
using static Tuner.Contracts.Protocol.JobProtocol;
using static Tuner.Contracts.Protocol.TrialProtocol;
using static Tuner.Coordinator.Jobs.Job.JobEvents;
using static Tuner.Coordinator.Jobs.JobInternalProtocol;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>One job (<c>job-&lt;id&gt;</c>): routes what happens to the pure parts and persists their events.
/// Decisions are <see cref="JobDecisions"/>', state changes <see cref="JobState.Apply"/>'s, and <see cref="JobJournal"/>
/// holds back what rests on writes in flight. <see cref="AttemptWatcher"/>, a child, tells which attempts lost their
/// worker; <see cref="JobPublisher"/> keeps the subscribers, and is the manager's child so that they outlive this actor
/// when it is restarted or stopped and started again.</summary>
public sealed class JobActor : ReceivePersistentActor, IWithTimers
{
    private readonly CoordinatorSettings _settings;
    private readonly IActorRef _manager;
    private readonly IActorRef _publisher;
    private readonly IActorRef _watcher;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JobJournal _journal;
    private readonly InlineCheckpoints _inlineCheckpoints;
    private readonly JobRecovery _recovery = new();
    private JobState _state;
    private JobSummary? _published;
    private readonly TrialChanges _changes = new();
    private readonly ResultsCache _resultsCache = new();
    private int _subscribers;
    private long _pushedVersion; // the version the last JobTrialsChanged brought subscribers to
    private int _lossesAsked; // node losses the watcher has yet to answer: offers wait, so requeued work goes first

    public JobActor(string jobId, CoordinatorSettings settings, IActorRef manager, IActorRef publisher)
    {
        _settings = settings;
        _manager = manager;
        _state = new JobState(jobId);
        _inlineCheckpoints = new InlineCheckpoints(settings.BlobStore, diskFullSaid: settings.JournalWatch is not null);
        _publisher = publisher;
        _watcher = Context.ActorOf(AttemptWatcher.Props(jobId, settings), "attempts");
        _journal = new JobJournal(e =>
        {
            _state.Apply(e);
            _recovery.Applied(e);
            if (_subscribers > 0) _changes.Note(_state, e);
        }, (e, handler) =>
        {
            var asked = System.Diagnostics.Stopwatch.GetTimestamp();
            PersistAsync(e, persisted =>
            {
                Runtime.Metrics.TunerMetrics.JournalWriteSeconds.Observe(Runtime.Metrics.TunerMetrics.SecondsSince(asked));
                _settings.JournalWatch?.Written();
                handler(persisted);
            });
        }, MaybeSnapshot, OnStateChanged);
        PersistenceId = $"job-{jobId}";

        Recover<SnapshotOffer>(offer => _state = _recovery.Restore(offer) ?? _state);
        Recover<IJobEvent>(e => _recovery.Replay(_state, e));
        // Right here, not via a message to self: a stashed offer would otherwise start an attempt before the restart's are requeued.
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<StartJob>(OnStart);
        Command<OfferWork>(offer =>
        {
            if (_lossesAsked > 0) Stash.Stash();
            else OnOffer(offer);
        });
        Command<EpochDone>(done =>
        {
            if (StopUnlessCurrent(done.AttemptId)) return;
            HeardFrom(done.AttemptId);
            Record(JobDecisions.OnEpoch(_state, done), null);
        });
        Command<AttemptHeartbeat>(heartbeat => { if (!StopUnlessCurrent(heartbeat.AttemptId)) HeardFrom(heartbeat.AttemptId); });
        Command<FinishedReports>(OnFinishedReports);
        // A failed store is not acknowledged: the worker resends the reports and the store is tried again.
        Command<InlineCheckpoints.Stored>(stored => RecordFinished(_inlineCheckpoints.Done(stored, _log, JobId), stored.Stale, stored.Worker));
        Command<AttemptReturned>(OnReturned);
        Command<WorkerUnreachable>(m =>
        {
            _lossesAsked++;
            _watcher.Tell(m);
        });
        Command<AttemptWatcher.AttemptsLost>(m =>
        {
            Requeue(m.AttemptIds, m.Reason);
            if (m.Answer && --_lossesAsked == 0) Stash.UnstashAll();
        });
        Command<CancelJob>(OnCancel);
        Command<GetJob>(_ => Reply(() => SummaryBuilder.Build(_state)));
        Command<GetResults>(_ => Reply(() => new JobResults(ResultsBuilder.Build(_state))));
        Command<GetTrials>(query => Reply(() => TrialsPageBuilder.SortProblem(_state.Spec.SearchSpace, query.Sort) is { } problem
            ? new JobRejected([problem])
            : TrialsPageBuilder.Build(DashboardResults(), query, LastSequenceNr, _resultsCache.Positions)));
        Command<DashboardProtocol.GetCurves>(m => Reply(() =>
        {
            var metric = m.Metric.Length == 0 ? _state.Spec.Objective : SpecWords.ObjectiveOf(m.Metric);
            if (CurvesBuilder.QueryProblem(JobId, _state.Spec, metric, m.Include, _state.Algorithm.Book.Contains) is { } problem) return new JobRejected([problem]);
            return new DashboardProtocol.JobCurves(CurvesBuilder.Build(DashboardResults().Trials, _state.Spec.Objective, metric, m.Best, m.All, m.Include));
        }));
        Command<DashboardProtocol.GetTrialPoints>(_ => Reply(() =>
        {
            var results = DashboardResults();
            return new DashboardProtocol.JobTrialPoints(TrialColumnsBuilder.Build(results.Trials, results.Objective, results.SearchSpace, LastSequenceNr));
        }));
        Command<DropResultsCache>(_ =>
        {
            _resultsCache.Clear();
            if (_state.IsSubmitted) _state.Algorithm.Book.ForgetRecords(); // kept for the dashboard's queries, which stopped
        });
        Command<JobPublisher.Subscribers>(m =>
        {
            // From the first subscriber on, changes are kept; an update then starts from now (an earlier version makes a
            // subscriber that fetched before this fetch again rather than miss what changed meanwhile).
            if (_subscribers == 0 && m.Count > 0)
            {
                _changes.Start(_state);
                _pushedVersion = LastSequenceNr;
            }
            if (m.Count == 0) _changes.Stop(_state);
            _subscribers = m.Count;
        });
        Command<GetBestModel>(_ => Reply(() =>
        {
            var results = ResultsBuilder.Build(_state);
            return new BestModelSource(JobId, results.Status, _state.Submitted.SpecJson, _state.Submitted.DataBlob, results.Best?.TrialId, results.Best?.Checkpoint);
        }));
        Command<SubscribeJob>(m =>
        {
            var subscriber = Sender;
            Reply(() => new JobPublisher.Subscribe(subscriber, SummaryBuilder.Build(_state), m.Trials), _publisher);
        });
        Command<UnsubscribeJob>(_ => _publisher.Tell(new JobPublisher.Unsubscribe(Sender)));
        Command<PublishNow>(_ => _journal.AfterWrites(() => SendSummary(force: false)));
        Command<JobRecovery.GetInfo>(_ => Sender.Tell(_recovery.Describe(LastSequenceNr)));
        // Stop only once every applied event is durable, so a graceful stop loses nothing.
        Command<StopJob>(_ => _journal.AfterWrites(() => Context.Stop(Self)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Log(_settings.JournalWatch?.Failed(f.Cause) == true ? LogLevel.DebugLevel : LogLevel.WarningLevel,
            f.Cause, "Job {JobId}: saving a snapshot failed; recovery replays more events", JobId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Job {JobId}: deleting old snapshots failed", JobId));
    }

    /// <summary>Why a resumed local run trains its attempts that were running again.</summary>
    private const string RunStopped = "the run that trained them stopped";

    public override string PersistenceId { get; }
    public ITimerScheduler Timers { get; set; } = null!;
    private string JobId => _state.JobId;

    public static Props Props(string jobId, CoordinatorSettings settings, IActorRef manager, IActorRef publisher) =>
        Akka.Actor.Props.Create(() => new JobActor(jobId, settings, manager, publisher));

    /// <summary>Under a backoff supervisor: a failed recovery stops a persistent actor for good (<see cref="StopJob"/> stops both).</summary>
    public static Props SupervisedProps(string jobId, CoordinatorSettings settings, IActorRef manager, IActorRef publisher) =>
        RestartedOnStop.Props(Props(jobId, settings, manager, publisher), "job", settings, m => m is StopJob);

    /// <summary>Tells the manager this job is recovering (queries about it answer so until its first summary), and the
    /// publisher that this incarnation is the job now (it answers how many follow the trials).</summary>
    protected override void PreStart()
    {
        base.PreStart();
        _manager.Tell(new JobRecovering(JobId));
        _publisher.Tell(JobPublisher.Attach.Instance);
    }

    private void OnRecovered()
    {
        if (!_state.IsSubmitted) return; // a new job: StartJob follows
        if (_recovery.Recovered)
            _log.Info("Job {JobId} recovered: {Events} events after snapshot {Snapshot}, status {Status}", JobId, _recovery.EventsReplayed, _recovery.SnapshotSequenceNr ?? 0, _state.Status);
        if (!_state.IsFinal) _watcher.Tell(AttemptWatcher.WatchForSilence.Instance);
        // Without a lease (local mode: no worker outlives the coordinator) at once, before any stashed offer, and not as lost
        // workers: the run itself stopped. What a resumed run always does, so said as information (a warning above the
        // live view read as trouble).
        if (_settings.AttemptLease <= TimeSpan.Zero) Requeue(_state.RunningAttempts.Select(a => a.AttemptId).ToList(), JobDecisions.Interrupted(_state, RunStopped), RunStopped, expected: true);
        else _watcher.Tell(new AttemptWatcher.AwaitReports(_state.RunningAttempts.Select(a => (a.AttemptId, a.WorkerNode)).ToList()));
        if (_state.CancelRequested) _watcher.Tell(new AttemptWatcher.StopAttempts(WorkProtocol.StopAttempt.JobCancelled));
        _journal.AfterWrites(() =>
        {
            _manager.Tell(new WorkMayBeAvailable(JobId));
            OnStateChanged(); // the search may have ended with the last events replayed
        });
    }

    private void OnStart(StartJob start)
    {
        if (_state.IsSubmitted) Publish(force: true);
        else Record([start.Submitted], () =>
        {
            _watcher.Tell(AttemptWatcher.WatchForSilence.Instance);
            _log.Info("Job {JobId} ({Name}) submitted: {Algorithm}, epochs planned: {PlannedEpochs}",
                JobId, _state.Submitted.Name, _state.Spec.Algorithm.Type, _state.Algorithm.PlannedEpochs?.ToString() ?? "unknown");
            _manager.Tell(new WorkMayBeAvailable(JobId));
        });
    }

    /// <summary>A worker's idle slots: as many attempts as the search has work for, persisted and sent together.</summary>
    private void OnOffer(OfferWork offer)
    {
        var (worker, now) = (Sender, _settings.Clock.GetUtcNow());
        var node = WorkerNodes.Of(worker, Context.System);
        var (events, started) = (new List<IJobEvent>(), new List<AttemptStarted>());
        foreach (var slot in offer.Slots)
        {
            if (JobDecisions.NextAttempt(_state, offer.WorkerId, slot, now, node) is not JobDecisions.Dispatch.Start start) break;
            _journal.ApplyNow(start.Events, events); // the next slot's decision sees this one
            started.Add(start.Attempt);
        }
        // Decided: the manager may offer the next request (to another job) while this persists. A further offer to this
        // job sees these attempts already applied, so no work is handed out twice.
        _manager.Tell(new OfferAnswered(JobId, offer.WorkerId, [.. started.Select(a => a.Slot)]));
        _journal.PersistApplied(events, () =>
        {
            if (started.Count == 0 || worker.IsNobody()) return;
            _watcher.Tell(new AttemptWatcher.Assigned([.. started.Select(a => a.AttemptId)], worker));
            var assignments = started.Select(a => JobDecisions.Assignment(_state, a)).ToList();
            foreach (var batch in FrameBudget.Split(assignments, FrameBudget.Estimate)) worker.Tell(new WorkProtocol.TrialAssignments(batch));
            if (_log.IsDebugEnabled) _log.Debug("Job {JobId}: attempts {AttemptIds} to {WorkerId}", JobId, string.Join(", ", started.Select(a => a.AttemptId)), offer.WorkerId);
        });
    }

    /// <summary>A worker's ended attempts: the current ones recorded together once their inline checkpoints are stored,
    /// every report acknowledged in one message once durable.</summary>
    private void OnFinishedReports(FinishedReports batch)
    {
        var worker = Sender;
        // A resend overtaking its first copy, whose checkpoint is being stored, is left to that copy's acknowledgement.
        var (current, stale) = JobDecisions.Sort(_state, batch.Reports.Where(r => !_inlineCheckpoints.IsStoring(r.AttemptId)));
        foreach (var report in current) HeardFrom(report.AttemptId);
        // Recorded at once when none is to be stored or a folder store wrote them at once, else once Stored comes back.
        if (!_inlineCheckpoints.Store(current, stale, worker, Self)) RecordFinished(current, stale, worker);
    }

    /// <summary>Records the reports that still count (one may have been requeued while its checkpoint was being stored)
    /// and acknowledges all once that is durable — stale ones too: were the write that made them stale to fail, an
    /// early acknowledgement would let the worker drop a result the journal does not have.</summary>
    private void RecordFinished(IReadOnlyList<AttemptFinished> reports, IReadOnlyList<string> stale, IActorRef worker)
    {
        if (reports.Count + stale.Count == 0) return;
        var (events, recorded) = (new List<IJobEvent>(), new List<AttemptFinished>());
        foreach (var report in reports.Where(r => JobDecisions.Classify(_state, r.AttemptId) == JobDecisions.Report.Current))
        {
            _journal.ApplyNow(JobDecisions.OnFinished(_state, report), events);
            recorded.Add(report);
        }
        RecordEnded(events, [.. recorded.Select(r => r.AttemptId)], () =>
        {
            worker.Tell(new AttemptsFinishedAck(JobId, reports.Select(r => r.AttemptId).Concat(stale).ToValueList()));
            // Only once durable: the crash-resume tests read these lines as the work the journal has.
            foreach (var r in recorded) _log.Debug("Job {JobId}: attempt {AttemptId} ended {Outcome} after {Seconds} s", JobId, r.AttemptId, r.Outcome, r.Seconds);
        });
    }

    /// <summary>Acknowledged as a result is (see <see cref="RecordFinished"/>): the runner stays alive until then, so the
    /// DeathWatch of its stopping cannot overtake the hand-back and turn it into an abandonment.</summary>
    private void OnReturned(AttemptReturned returned)
    {
        var sender = Sender;
        var current = JobDecisions.Classify(_state, returned.AttemptId) == JobDecisions.Report.Current;
        var events = current ? _journal.ApplyNow(JobDecisions.OnReturned(_state, returned), []) : [];
        if (current) _log.Info("Job {JobId}: attempt {AttemptId} handed back after epoch {Epoch}", JobId, returned.AttemptId, returned.Epoch);
        RecordEnded(events, current ? [returned.AttemptId] : [], () => sender.Tell(new AttemptReturnedAck(JobId, returned.AttemptId)));
    }

    /// <summary>Persists the <paramref name="events"/> that ended <paramref name="attemptIds"/>; once durable, acknowledges and frees their work.</summary>
    private void RecordEnded(IReadOnlyList<IJobEvent> events, IReadOnlyList<string> attemptIds, Action acknowledge) =>
        _journal.PersistApplied(events, () =>
        {
            acknowledge();
            if (attemptIds.Count == 0) return;
            foreach (var attemptId in attemptIds) Forget(attemptId);
            _manager.Tell(new WorkMayBeAvailable(JobId));
        });

    /// <summary>The running attempts among <paramref name="attemptIds"/> lost their worker: requeued (or, while the job is
    /// being cancelled, ended; or, lost too often in a row, failed: <see cref="JobDecisions.Abandon"/>). Forgotten again,
    /// in case a report re-announced one while the loss was on its way.</summary>
    private void Requeue(IReadOnlyList<string> attemptIds, string reason) =>
        Requeue(attemptIds, JobDecisions.Abandon(_state, attemptIds, reason, _settings.LostAttemptsPerTrial), reason, expected: false);

    /// <summary>Records <paramref name="events"/>, which end <paramref name="attemptIds"/>, and says so (as a warning unless
    /// <paramref name="expected"/>).</summary>
    private void Requeue(IReadOnlyList<string> attemptIds, IReadOnlyList<IJobEvent> events, string reason, bool expected)
    {
        foreach (var id in attemptIds) Forget(id);
        if (events.Count == 0) return;
        var givenUp = events.OfType<SearchEventRecorded>().Select(e => e.Event).OfType<WorkFinished>()
            .Where(f => f.Outcome.Kind == WorkOutcomeKind.Failed).ToDictionary(f => f.WorkId);
        foreach (var (workId, finished) in givenUp)
            _log.Warning("Job {JobId}: trial {TrialId} failed: {Error}", JobId, _state.Item(workId).TrialId, finished.Outcome.Error);
        var running = attemptIds.Where(id => IsRunning(id) && !givenUp.ContainsKey(_state.Attempt(id)!.WorkId)).ToList();
        // The workers are named so a requeue can be traced to the worker that was lost (the chaos soak measures by them).
        const string Requeuing = "Job {JobId}: {Reason}; requeuing {Attempts} of workers {Workers}";
        var (attempts, workers) = (string.Join(", ", running), string.Join(", ", running.Select(id => _state.Attempt(id)!.WorkerId).Distinct()));
        if (running.Count > 0)
        {
            if (expected) _log.Info(Requeuing, JobId, reason, attempts, workers);
            else _log.Warning(Requeuing, JobId, reason, attempts, workers);
        }
        Record(events, () => _manager.Tell(new WorkMayBeAvailable(JobId)));
    }

    private void OnCancel(CancelJob cancel)
    {
        var sender = Sender;
        if (!_state.IsSubmitted)
        {
            sender.Tell(new JobNotFound(cancel.JobId));
            return;
        }
        var now = _settings.Clock.GetUtcNow();
        var wasFinal = _state.IsFinal;
        // With nothing running, the cancel ends the job: written with it, so the answer is "cancelled" (docs/api.md), not
        // a "cancelling" that turns into "cancelled" a moment later with no trial to stop.
        var decided = _journal.ApplyNow(JobDecisions.Cancel(_state, now), []);
        if (decided.Count > 0) _journal.ApplyNow(JobDecisions.Completion(_state, now), decided);
        _journal.PersistApplied(decided, () =>
        {
            _watcher.Tell(new AttemptWatcher.StopAttempts(WorkProtocol.StopAttempt.JobCancelled));
            if (_state.IsFinal && !wasFinal) Ended();
            sender.Tell(new CancelAccepted(JobId, _state.IsFinal ? _state.Status : JobStatuses.Cancelling));
        });
    }

    private bool IsRunning(string attemptId) => _state.Attempt(attemptId)?.Status == AttemptStatus.Running;

    /// <summary>True, having told the sender to stop, for an attempt that no longer counts (or never did).</summary>
    private bool StopUnlessCurrent(string attemptId)
    {
        var verdict = JobDecisions.Classify(_state, attemptId);
        if (verdict == JobDecisions.Report.Current) return false;
        if (!Sender.IsNobody()) Sender.Tell(new WorkProtocol.StopAttempt(JobId, attemptId, verdict == JobDecisions.Report.Stale ? "superseded" : "unknown attempt"));
        return true;
    }

    /// <summary>The sender reported on a current attempt: it is alive, and the sender is its worker.</summary>
    private void HeardFrom(string attemptId) => _watcher.Tell(new AttemptWatcher.Heard(attemptId, Sender.IsNobody() ? null : Sender));

    private void Forget(string attemptId) => _watcher.Tell(new AttemptWatcher.Forget(attemptId));

    /// <summary>Answers a query from durable state (the answer waits for the writes in flight), to the sender or
    /// <paramref name="via"/> on its behalf.</summary>
    private void Reply(Func<object> answer, IActorRef? via = null)
    {
        var sender = Sender;
        _journal.AfterWrites(() =>
        {
            if (!_state.IsSubmitted) sender.Tell(new JobNotFound(JobId));
            else if (via is null) sender.Tell(answer());
            else via.Tell(answer(), sender);
        });
    }

    /// <summary>Pushes the summary to subscribers and the manager: at once when forced or final (superseding a throttled
    /// one), else at most every <see cref="CoordinatorSettings.SummaryInterval"/>.</summary>
    private void Publish(bool force = false)
    {
        if (!_state.IsSubmitted) return;
        if (!force && !_state.IsFinal)
        {
            if (!Timers.IsTimerActive(nameof(PublishNow))) Timers.StartSingleTimer(nameof(PublishNow), PublishNow.Instance, _settings.SummaryInterval);
            return;
        }
        Timers.Cancel(nameof(PublishNow));
        _journal.AfterWrites(() => SendSummary(force));
    }

    /// <summary>The summary to the manager (which lists jobs from it; told before any query's answer can overtake it) and
    /// the subscribers, unless unchanged.</summary>
    private void SendSummary(bool force)
    {
        PushChangedTrials();
        var summary = SummaryBuilder.Build(_state);
        if (!force && summary == _published) return;
        _published = summary;
        _manager.Tell(new JobSummaryChanged(summary));
        _publisher.Tell(summary);
    }

    /// <summary>The trials changed since the last push, without histories, to the subscribers — before the summary, so the
    /// final summary (which ends every subscription) comes after the last of them.</summary>
    private void PushChangedTrials()
    {
        if (_subscribers == 0) return;
        var ids = _changes.Take(_state);
        if (ids.Count == 0) return;
        var book = _state.Algorithm.Book;
        var trials = ResultsBuilder.Trials(_state, ids.Select(book.Trial).ToList(), history: false);
        _publisher.Tell(new DashboardProtocol.JobTrialsChanged(JobId, _pushedVersion, LastSequenceNr, trials));
        _pushedVersion = LastSequenceNr;
    }

    /// <summary>results.json for the dashboard's queries, built once per version (<see cref="ResultsCache"/>) and dropped
    /// when no query came for a while.</summary>
    private Contracts.Results.ResultsDocument DashboardResults()
    {
        Timers.StartSingleTimer(nameof(DropResultsCache), DropResultsCache.Instance, ResultsCache.KeepFor);
        return _resultsCache.Get(LastSequenceNr, () => ResultsBuilder.Build(_state));
    }

    private void Record(IReadOnlyList<IJobEvent> events, Action? then) => _journal.Record(events, then);

    /// <summary>A refused write (e.g. an event it cannot serialize): the state holds the event and what waits for it
    /// would never run, so the actor stops and its supervisor recovers it from the journal.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Job {JobId}: the journal rejected event {SequenceNr} ({EventType}); restarting from the journal", JobId, sequenceNr, @event.GetType().Name);
        Context.Stop(Self);
    }

    /// <summary>A failed write stops the actor (Akka.Persistence), and its supervisor recovers it from the journal. A failure
    /// the node says itself (a full disk under tuner run's journal) is only a debug line here, not a stack trace each time.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        if (_settings.JournalWatch?.Failed(cause) == true)
            _log.Debug(cause, "Job {JobId}: event {SequenceNr} ({EventType}) could not be written; restarting from the journal", JobId, sequenceNr, @event.GetType().Name);
        else
            base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>Only with nothing in flight, so a snapshot never holds an event the journal does not have.</summary>
    private void MaybeSnapshot()
    {
        if (_journal.CaughtUp && _recovery.SnapshotDue(LastSequenceNr, _settings.SnapshotInterval, _state.SnapshotRecords)) SaveSnapshot(_state.ToSnapshot());
    }

    /// <summary>After a change is durable: the job ends when the search has, else its summary is published.</summary>
    private void OnStateChanged()
    {
        var completion = JobDecisions.Completion(_state, _settings.Clock.GetUtcNow());
        if (completion.Count == 0)
        {
            Publish();
            return;
        }
        Record(completion, Ended);
    }

    /// <summary>Once, when the job's end is durable (a recovered finished job does not get here again).</summary>
    private void Ended()
    {
        if (JobDecisions.EndedEarly(_state) is { } endedEarly) _log.Warning("Job {JobId}: {EndedEarly}", JobId, endedEarly);
        _log.Info("Job {JobId} {Status}: trials {Trials}, epochs {Epochs}{Error}", JobId, _state.Status,
            _state.Algorithm.Book.Count, _state.Algorithm.Book.EpochsTrained, _state.Error is null ? "" : $" ({_state.Error})");
        _watcher.Tell(AttemptWatcher.JobEnded.Instance);
    }

    private sealed class PublishNow : INoSerializationVerificationNeeded, IDeadLetterSuppression { public static readonly PublishNow Instance = new(); }

    private sealed class DropResultsCache : INoSerializationVerificationNeeded, IDeadLetterSuppression { public static readonly DropResultsCache Instance = new(); }

}
