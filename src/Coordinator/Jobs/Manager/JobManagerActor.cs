using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence;
using Tuner.Contracts;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Membership;
using static Tuner.Contracts.Protocol.JobProtocol;
using static Tuner.Coordinator.Jobs.JobInternalProtocol;
using static Tuner.Coordinator.Jobs.Manager.JobManagerEvents;

namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>The coordinator's front door (<c>job-manager</c>; a cluster singleton in cluster mode): accepts and
/// resumes jobs, runs one <see cref="JobActor"/> per job, routes every <see cref="IWithJobId"/> message to its
/// job, matches workers' requests for work to jobs (<see cref="WorkMatcher{TWorker}"/>), serves the blob store in
/// chunks, and lists jobs from the summaries its children push (and workers, from those and the pending requests).</summary>
public sealed class JobManagerActor : ReceivePersistentActor, IWithTimers
{
    private const string OfferTimer = "offer";
    private const string UnreachableTimer = "unreachable";

    /// <summary>How often members that are unreachable to others but heard here are asked about again.</summary>
    private static readonly TimeSpan UnreachableRecheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long an assignment may take to reach its slot before a request that has not seen it is believed.</summary>
    private static readonly TimeSpan AssignmentLostAfter = TimeSpan.FromSeconds(30);

    private readonly CoordinatorSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JobRegistry _registry = new();
    private readonly SubmissionKeys<IActorRef> _keys = new();
    private readonly WorkMatcher<IActorRef> _matcher = new();
    private readonly SlotLedger<IActorRef> _ledger;
    private readonly Dictionary<string, IActorRef> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _publishers = new(StringComparer.Ordinal); // each job's, outliving its job actor's incarnations
    private readonly Dictionary<string, JobSummary> _summaries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recovering = new(StringComparer.Ordinal); // job actors replaying the journal
    private readonly UnreachableMembers _unreachable = new();
    private IActorRef _blobs = ActorRefs.Nobody;
    private bool _stopping;

    public JobManagerActor(CoordinatorSettings settings)
    {
        _settings = settings;
        _ledger = new SlotLedger<IActorRef>(AssignmentLostAfter, TimeProvider.System);
        Recover<JobRegistered>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            if (_registry.Jobs.Count > 0) _log.Info("Job manager recovered {Count} jobs", _registry.Jobs.Count);
            foreach (var job in _registry.Jobs)
            {
                _recovering.Add(job.JobId);
                StartJobActor(job, offerWork: _settings.ResumeRecoveredJobs);
            }
        });

        Command<SubmitJob>(OnSubmit);
        Command<SubmissionChecked>(OnSubmissionChecked);
        Command<WorkProtocol.RequestWork>(OnRequestWork);
        Command<OfferAnswered>(m =>
        {
            if (m.Taken.Count > 0) Runtime.Metrics.TunerMetrics.Dispatches.Inc(m.Taken.Count);
            if (_matcher.InFlight is { } offer && offer.Matches(m.JobId, m.WorkerId))
                foreach (var slot in m.Taken) _ledger.Given(offer.Request.Worker, slot);
            _matcher.Answered(m.JobId, m.WorkerId, m.Taken);
            Match();
        });
        Command<TrialProtocol.AttemptsFinished>(OnAttemptsFinished);
        Command<OfferTimedOut>(m =>
        {
            if (_matcher.InFlight != m.Offer) return;
            _log.Warning("Job {JobId} did not answer a work offer in {Timeout}; offering to the next job", m.Offer.JobId, _settings.OfferTimeout);
            _matcher.Answered(m.Offer.JobId, m.Offer.Request.WorkerId, []);
            Match();
        });
        Command<WorkMayBeAvailable>(_ =>
        {
            _matcher.Wake();
            Match();
        });
        Command<JobSummaryChanged>(OnSummary);
        Command<JobRecovering>(OnRecovering);
        Command<GetJobs>(_ => Sender.Tell(new JobList(JobsNewestFirst())));
        Command<GetWorkers>(_ => Sender.Tell(WorkerListBuilder.Build(_matcher.Pending, _summaries.Values)));
        Command<BlobProtocol.PutBlobChunk>(m => _blobs.Forward(m));
        Command<BlobProtocol.GetBlobChunk>(m => _blobs.Forward(m));
        Command<IWithJobId>(Route);
        Command<Terminated>(OnTerminated);
        Command<ClusterEvent.UnreachableMember>(m => OnUnreachable(m.Member.Address));
        Command<ClusterEvent.ReachableMember>(m => _unreachable.Forget(m.Member.Address));
        Command<RecheckUnreachable>(_ => OnRecheckUnreachable());
        Command<ClusterEvent.MemberRemoved>(m =>
        {
            _unreachable.Forget(m.Member.Address);
            OnMemberLost(m.Member.Address, "removed");
        });
        Command<ClusterEvent.IMemberEvent>(_ => { });
        Command<StopJobManager>(_ => OnStop());
    }

    /// <summary>The JobManager's persistence id: one per database (two clusters must never share a database).</summary>
    public override string PersistenceId => "job-manager";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CoordinatorSettings settings) => Akka.Actor.Props.Create(() => new JobManagerActor(settings));

    /// <summary>Under a backoff supervisor, as every node runs it: a journal write that fails (a database outage during a
    /// submission) stops a persistent actor, and nothing else starts a stopped singleton again; the API answered 503
    /// for good while liveness stayed green. <see cref="StopJobManager"/> stops both.</summary>
    public static Props SupervisedProps(CoordinatorSettings settings) =>
        RestartedOnStop.Props(Props(settings), JobManagerHosting.Name, settings, m => m is StopJobManager);

    protected override void PreStart()
    {
        base.PreStart();
        _blobs = Context.ActorOf(BlobStoreActor.Props(_settings.BlobStore), "blobs");
        JobManagerMetrics.Started();
        if (Context.System.IsCluster()) Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.ReachableMember), typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop()
    {
        JobManagerMetrics.Stopped(_registry.Jobs.Where(j => _jobs.ContainsKey(j.JobId)).Select(Shown));
        if (Context.System.IsCluster()) Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    // --- submissions -----------------------------------------------------------------------------------

    private void OnSubmit(SubmitJob submit)
    {
        if (submit.JobId is { } requested && SubmissionCheck.ProblemWithJobId(requested) is { } problem)
        {
            Sender.Tell(new JobRejected([problem]));
            return;
        }
        if (submit.Key is { } key)
        {
            switch (_keys.Begin(key, Sender))
            {
                case SubmissionKeys<IActorRef>.Decision.Made made:
                    Sender.Tell(new JobAccepted(made.JobId, Resumed: false, Repeated: true));
                    return;
                case SubmissionKeys<IActorRef>.Decision.Refuse refuse:
                    Sender.Tell(new JobRejected([refuse.Problem]));
                    return;
                case SubmissionKeys<IActorRef>.Decision.Wait:
                    return;
            }
        }
        // Parsing, loading and windowing the data and storing the CSV take time: off the mailbox.
        var replyTo = Sender;
        var store = _settings.BlobStore;
        var baseDirectory = _settings.SpecBaseDirectory;
        var log = _log;
        Task.Run(async () =>
        {
            SubmissionCheck check;
            try
            {
                check = SubmissionCheck.Run(submit.SpecJson, baseDirectory, submit.InlineDataOnly, store as ILargeBlobStore);
            }
            catch (InvalidInputException e)
            {
                return new SubmissionChecked(submit, replyTo, null, e.Problems);
            }
            catch (Exception e)
            {
                // A check that fails other than by naming a problem is a defect: said as one, not blamed on the storage.
                log.Error(e, "Checking a submitted job failed");
                return new SubmissionChecked(submit, replyTo, null, [$"the job could not be checked ({e.GetType().Name}: {e.Message}); this is a defect of the coordinator, its log has the details"]);
            }
            try
            {
                if (check.CsvText is not null) await store.PutAsync(check.DataBlob!, Encoding.UTF8.GetBytes(check.CsvText));
                return new SubmissionChecked(submit, replyTo, check, []);
            }
            catch (Exception e)
            {
                return new SubmissionChecked(submit, replyTo, null, [$"data: the dataset could not be stored: {e.Message}"]);
            }
        }).PipeTo(Self);
    }

    private void OnSubmissionChecked(SubmissionChecked result)
    {
        if (result.Check is not { } check)
        {
            Answer(result, new JobRejected(result.Problems.ToValueList()));
            return;
        }
        if (result.Submit.JobId is { } requested && _registry.Find(requested) is { } existing)
        {
            var problems = SubmissionCheck.ResumeProblems(requested, JobSpecParser.Parse(existing.SpecJson), check.Spec);
            if (problems.Count > 0)
            {
                Answer(result, new JobRejected(problems.ToValueList()));
                return;
            }
            _log.Info("Job {JobId} resubmitted with the same search: resuming", requested);
            Answer(result, new JobAccepted(requested, Resumed: true));
            if (_summaries.GetValueOrDefault(requested) is not { IsFinal: true }) _matcher.AddJob(requested); // a recovered job waiting for this
            _matcher.Wake();
            Match();
            return;
        }
        var jobId = result.Submit.JobId ?? NewJobId(check.Spec.Name);
        Persist(new JobRegistered(jobId, check.Spec.Name, check.SpecJson, check.DataBlob, _settings.Clock.GetUtcNow(), result.Submit.Key), registered =>
        {
            _settings.JournalWatch?.Written();
            Apply(registered);
            StartJobActor(registered, offerWork: true);
            Answer(result, new JobAccepted(jobId, Resumed: false));
        });
    }

    /// <summary>A failed write stops the manager (Akka.Persistence), and its supervisor recovers it. A failure the node says
    /// itself (a full disk under tuner run's journal) is only a debug line here, not a stack trace.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        if (_settings.JournalWatch?.Failed(cause) == true)
            _log.Debug(cause, "Job manager: event {SequenceNr} ({EventType}) could not be written; restarting from the journal", sequenceNr, @event.GetType().Name);
        else
            base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private void Apply(JobRegistered registered)
    {
        _registry.Apply(registered);
        _keys.Apply(registered);
    }

    /// <summary>Answers a checked submission, and the submissions with the same key that waited for it.</summary>
    private void Answer(SubmissionChecked result, ITunerMessage answer)
    {
        result.ReplyTo.Tell(answer);
        if (result.Submit.Key is not { } key) return;
        var repeated = answer is JobAccepted accepted ? accepted with { Repeated = true } : answer;
        foreach (var waiting in _keys.End(key)) waiting.Tell(repeated);
    }

    private string NewJobId(string name)
    {
        while (true)
        {
            var id = $"{name}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
            if (!_registry.Contains(id)) return id;
        }
    }

    private void StartJobActor(JobRegistered job, bool offerWork)
    {
        var publisher = Context.ActorOf(JobPublisher.Props(), $"publisher-{job.JobId}");
        var child = Context.ActorOf(JobActor.SupervisedProps(job.JobId, _settings, Self, publisher), $"job-{job.JobId}");
        Context.Watch(child);
        _jobs[job.JobId] = child;
        _publishers[job.JobId] = publisher;
        JobManagerMetrics.Shown(null, Shown(job), progress: false);
        child.Tell(new StartJob(job.ToSubmitted()));
        if (offerWork) _matcher.AddJob(job.JobId);
    }

    // --- routing ---------------------------------------------------------------------------------------

    private void Route(IWithJobId message)
    {
        if (_jobs.TryGetValue(message.JobId, out var job))
        {
            if (message is TrialProtocol.EpochDone epoch) Runtime.Metrics.TunerMetrics.EpochSeconds.Observe(epoch.Seconds);
            // While the job's actor replays the journal, what is known is that it is recovering (never a stale or empty
            // "running"); a subscriber gets that first, then the actor's own summaries once it has recovered.
            if (_recovering.Contains(message.JobId) && message is GetJob or SubscribeJob && _registry.Find(message.JobId) is { } registered)
            {
                Sender.Tell(Placeholder(registered), job);
                if (message is GetJob) return;
            }
            job.Forward(message);
            return;
        }
        switch (message)
        {
            case GetJob or GetResults or GetTrials or GetBestModel or CancelJob or SubscribeJob or UnsubscribeJob or DashboardProtocol.GetCurves or DashboardProtocol.GetTrialPoints:
                Sender.Tell(new JobNotFound(message.JobId));
                break;
            default:
                _log.Debug("Dropping {MessageType} for unknown job {JobId}", message.GetType().Name, message.JobId);
                break;
        }
    }

    // --- work matching ---------------------------------------------------------------------------------

    private void OnRequestWork(WorkProtocol.RequestWork request)
    {
        if (Sender.IsNobody()) return; // nowhere to send an assignment
        var idle = request.Slots.Where(s => _ledger.IsCurrent(Sender, s.Slot, s.AssignmentsReceived)).Select(s => s.Slot).ToList();
        if (idle.Count < request.Slots.Count)
            _log.Debug("Worker {WorkerId} asked again for slots assigned meanwhile; ignoring those", request.WorkerId);
        if (_matcher.AddRequest(request.WorkerId, idle, Sender)) Context.Watch(Sender);
        Match();
    }

    private void Match()
    {
        var waiting = 0;
        foreach (var request in _matcher.Pending) waiting += request.Slots.Count;
        Runtime.Metrics.TunerMetrics.SlotsWaiting.Set(waiting);
        if (_matcher.Next() is not { } offer) return;
        _jobs[offer.JobId].Tell(new OfferWork(offer.Request.WorkerId, offer.Request.Slots), offer.Request.Worker);
        Timers.StartSingleTimer(OfferTimer, new OfferTimedOut(offer), _settings.OfferTimeout);
    }

    /// <summary>A worker's batch of results, passed to each job as its share (the worker stays the sender, so the
    /// acknowledgements go straight back to it).</summary>
    private void OnAttemptsFinished(TrialProtocol.AttemptsFinished batch)
    {
        foreach (var group in batch.Reports.GroupBy(r => r.JobId, StringComparer.Ordinal))
        {
            if (_jobs.TryGetValue(group.Key, out var job))
            {
                job.Forward(new FinishedReports(group.ToList()));
                continue;
            }
            // The worker resends until acknowledged; a job that does not exist here will never want these.
            Sender.Tell(new TrialProtocol.AttemptsFinishedAck(group.Key, group.Select(r => r.AttemptId).ToValueList()));
        }
    }

    private void OnSummary(JobSummaryChanged changed)
    {
        var summary = changed.Summary;
        var progress = _summaries.TryGetValue(summary.Id, out var before);
        if (!progress && _registry.Find(summary.Id) is { } job)
        {
            before = Placeholder(job);
            // A job submitted here started from nothing, so its first summary (throttled: epochs may be in it) is progress;
            // a recovering job's first summary is only its starting point.
            progress = !_recovering.Contains(summary.Id);
        }
        _recovering.Remove(summary.Id);
        _summaries[summary.Id] = summary;
        JobManagerMetrics.Shown(before, summary, progress);
        if (summary.IsFinal) _matcher.RemoveJob(summary.Id);
    }

    /// <summary>A job's actor restarted (its backoff supervisor started it again): it shows as recovering until it reports.</summary>
    private void OnRecovering(JobRecovering recovering)
    {
        if (!_summaries.Remove(recovering.JobId, out var before) || _registry.Find(recovering.JobId) is not { } job) return;
        _recovering.Add(recovering.JobId);
        JobManagerMetrics.Shown(before, Placeholder(job), progress: false);
    }

    private void OnTerminated(Terminated terminated)
    {
        var job = _jobs.FirstOrDefault(j => j.Value.Equals(terminated.ActorRef)).Key;
        if (job is not null)
        {
            if (_registry.Find(job) is { } gone) JobManagerMetrics.Stopped([Shown(gone)]);
            _jobs.Remove(job);
            if (_publishers.Remove(job, out var publisher)) Context.Stop(publisher);
            _matcher.RemoveJob(job);
            if (_stopping && _jobs.Count == 0) Context.Stop(Self);
            else if (!_stopping) _log.Error("Job {JobId}'s supervisor stopped unexpectedly", job);
            return;
        }
        _ledger.RemoveWorkers(w => w.Equals(terminated.ActorRef));
        if (_matcher.RemoveWorkers(w => w.Equals(terminated.ActorRef)) > 0) Match();
    }

    private void OnUnreachable(Address address)
    {
        if (_unreachable.Unreachable(address, _settings.OwnDetection(Context.System, address)))
        {
            OnMemberLost(address, "unreachable");
            return;
        }
        _log.Info("Cluster member {Address} is marked unreachable, but this coordinator still hears its address: its attempts keep running until it does not, or the member is removed", address);
        if (!Timers.IsTimerActive(UnreachableTimer)) Timers.StartPeriodicTimer(UnreachableTimer, RecheckUnreachable.Instance, UnreachableRecheckInterval);
    }

    private void OnRecheckUnreachable()
    {
        foreach (var address in _unreachable.NoLongerHeard(a => _settings.OwnDetection(Context.System, a))) OnMemberLost(address, "unreachable");
        if (!_unreachable.AnyHeardHere) Timers.Cancel(UnreachableTimer);
    }

    private void OnMemberLost(Address address, string how)
    {
        _log.Info("Cluster member {Address} {How}: its workers' attempts are requeued", address, how);
        foreach (var job in _jobs.Values) job.Tell(new WorkerUnreachable(address));
        _ledger.RemoveWorkers(w => w.Path.Address.Equals(address));
        if (_matcher.RemoveWorkers(w => w.Path.Address.Equals(address)) > 0) Match();
    }

    private ValueList<JobSummary> JobsNewestFirst() =>
        _registry.Jobs
            .Select(Shown)
            .OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToValueList();

    /// <summary>The job as the list shows it: its actor's latest summary, or a placeholder.</summary>
    private JobSummary Shown(JobRegistered job) => _summaries.GetValueOrDefault(job.JobId) ?? Placeholder(job);

    /// <summary>A job whose actor has not reported yet: <c>recovering</c> while it replays the journal (its figures are
    /// unknown until then), <c>running</c> with nothing done when it was just submitted.</summary>
    private JobSummary Placeholder(JobRegistered job)
    {
        var spec = JobSpecParser.Parse(job.SpecJson);
        var status = _recovering.Contains(job.JobId) ? JobStatuses.Recovering : JobStatuses.Running;
        return new JobSummary(job.JobId, job.Name, status, spec.Algorithm.Type, spec.Objective.Word(), 0, 0, 0, null, null, null, [], job.SubmittedAt, null);
    }

    // --- shutdown --------------------------------------------------------------------------------------

    /// <summary>Stops the jobs through their mailboxes (each finishes its in-flight persist), then the manager.</summary>
    private void OnStop()
    {
        _stopping = true;
        if (_jobs.Count == 0)
        {
            Context.Stop(Self);
            return;
        }
        foreach (var job in _jobs.Values) job.Tell(StopJob.Instance);
    }

    private sealed record SubmissionChecked(SubmitJob Submit, IActorRef ReplyTo, SubmissionCheck? Check, IReadOnlyList<string> Problems)
        : INoSerializationVerificationNeeded;

    private sealed class RecheckUnreachable : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly RecheckUnreachable Instance = new();
    }

    private sealed record OfferTimedOut(WorkMatcher<IActorRef>.Offer Offer) : INoSerializationVerificationNeeded, IDeadLetterSuppression;
}
