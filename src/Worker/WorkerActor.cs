using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Timing;
using static Tuner.Contracts.Protocol.WorkProtocol;

namespace Tuner.Worker;

/// <summary>A worker node's trial slots: asks the coordinator for work for all its idle slots in one request (again
/// every <see cref="WorkerSettings.RequestInterval"/> while any stays idle), starts a <see cref="TrialRunner"/> per
/// assignment, sends its runners' results in batches and routes stops and acknowledgements to them, and on
/// <see cref="LeaveGracefully"/> stops asking and hands every running attempt back. It is the sender of its requests
/// and results: assignments and acknowledgements come back to it.</summary>
/// <remarks>Requests are coalesced through the mailbox: slots freed while a request is queued go with it. Results wait
/// <see cref="ResultBatchDelay"/> for the ones finishing just after them: runners end one by one, and a batch per
/// result would cost the coordinator a message, a journal write and an acknowledgement each (measured: the delay
/// halves the coordinator's CPU per trial with a no-op trainer; a real trial never notices a few milliseconds).</remarks>
public sealed class WorkerActor : ReceiveActor, IWithTimers
{
    private const int RememberedAttempts = 1024;

    private readonly WorkerSettings _settings;
    private readonly ICanTell _coordinator;
    private readonly IBlobStore _blobs;
    private readonly TrainAttempt _train;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Attempt?[] _slots;
    private readonly int[] _received;   // assignments each slot has received, named in its requests
    private readonly Dictionary<IActorRef, Attempt> _runners = [];
    private readonly Dictionary<(string JobId, string AttemptId), IActorRef> _byAttempt = [];
    private readonly Dictionary<(string JobId, string AttemptId), TrialProtocol.AttemptFinished> _outbox = [];
    private readonly IdleSlots _idle;
    private readonly ClockTimers _clockTimers;
    // Attempts are identified by job AND attempt id: attempt ids restart at t-0001.r0.x0#1 in every job.
    private readonly HashSet<(string JobId, string AttemptId)> _seen = [];
    private readonly Queue<(string JobId, string AttemptId)> _seenOrder = new();
    private readonly List<IActorRef> _leaveRequesters = [];
    private long _started;
    private bool _leaving;

    public WorkerActor(WorkerSettings settings, ICanTell coordinator, IBlobStore blobs, TrainAttempt? train = null,
        Func<TrainAttempt, TrainAttempt>? around = null)
    {
        _settings = settings.Validated();
        _coordinator = coordinator;
        // A database restart or a coordinator moving is waited out, not turned into failed trials.
        var log = _log;
        // A full disk is said once, with what to do, by the node that owns it (tuner run): not at every try.
        _blobs = new RetryingBlobStore(blobs, settings.BlobRetry, settings.Clock, retry =>
            log.Log(retry.DiskFull ? LogLevel.DebugLevel : LogLevel.WarningLevel,
                null, "{Operation} blob {BlobId} failed ({Failures} so far), trying again in {Pause}: {Error}", retry.Operation, retry.BlobId, retry.Failures, retry.Pause, retry.Error));
        var patient = _blobs;
        var datasets = new DatasetCache(patient, settings.DatasetCacheBytes);
        _train = train ?? ((assignment, onEpoch, cancellation) => AttemptExecution.RunAsync(assignment, datasets, patient, onEpoch, cancellation));
        if (around is not null) _train = around(_train);
        _slots = new Attempt?[settings.Slots];
        _received = new int[settings.Slots];
        _idle = new IdleSlots(settings.Slots, settings.RequestInterval, settings.Clock);
        _clockTimers = new ClockTimers(settings.Clock, Self);

        // Not for slots freed since the last interval: their request may still be on its way, and an assignment could be too.
        Receive<RequestTick>(_ => Request(_idle.Repeat(IsIdle)));
        Receive<SendRequest>(_ => Request(_idle.TakeFreed(IsIdle)));
        Receive<TrialAssignments>(m =>
        {
            foreach (var assignment in m.Assignments) OnAssignment(assignment);
        });
        Receive<TrialProtocol.AttemptFinished>(OnRunnerFinished);
        Receive<FlushResults>(_ => FlushResultsNow());
        Receive<StopAttempt>(stop => RouteToAttempt(stop.JobId, stop.AttemptId, stop));
        Receive<TrialProtocol.AttemptsFinishedAck>(OnAcknowledged);
        Receive<TrialProtocol.AttemptReturnedAck>(ack => RouteToAttempt(ack.JobId, ack.AttemptId, ack));
        Receive<Terminated>(t => OnRunnerEnded(t.ActorRef));
        Receive<LeaveGracefully>(_ => OnLeave());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="coordinator">The JobManager: its cluster singleton proxy, or the actor itself in local mode.</param>
    /// <param name="blobs">Checkpoints and datasets: a <see cref="RemoteBlobStore"/> in a cluster, a folder in local mode.</param>
    /// <param name="train">How attempts train (null: with the engine).</param>
    /// <param name="around">Wraps the training, whichever it is (the node's metrics).</param>
    public static Props Props(WorkerSettings settings, ICanTell coordinator, IBlobStore blobs, TrainAttempt? train = null,
        Func<TrainAttempt, TrainAttempt>? around = null) =>
        Akka.Actor.Props.Create(() => new WorkerActor(settings, coordinator, blobs, train, around));

    protected override void PreStart()
    {
        _log.Info("Worker {WorkerId} offers slots: {Slots}", _settings.WorkerId, _settings.Slots);
        Request(_idle.All);
        // On the settings' clock, the one the idle slots are timed by (a test's virtual clock drives both).
        _clockTimers.Start(RequestTick.Instance, _settings.RequestInterval, _settings.RequestInterval);
    }

    protected override void PostStop() => _clockTimers.Dispose();

    private bool IsIdle(int slot) => _slots[slot] is null;

    // A runner that throws is stopped, never restarted: a restart would train the attempt again from scratch.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void Request(IReadOnlyList<int> slots)
    {
        if (_leaving || slots.Count == 0) return;
        _coordinator.Tell(new RequestWork(_settings.WorkerId, slots.Select(s => new SlotRequest(s, _received[s])).ToValueList()), Self);
    }

    private void OnAssignment(TrialAssignment assignment)
    {
        if (_seen.Contains((assignment.JobId, assignment.AttemptId)))
        {
            // A repeated assignment of an attempt this worker runs or ran: the first one is what counts.
            _log.Info("Ignoring repeated assignment of attempt {AttemptId} to slot {Slot}", assignment.AttemptId, assignment.Slot);
            return;
        }
        var problem = assignment switch
        {
            _ when _leaving => "the worker is leaving",
            { WorkerId: var id } when id != _settings.WorkerId => $"it is addressed to worker {id}",
            { Slot: var slot } when slot < 0 || slot >= _slots.Length => $"slot {assignment.Slot} does not exist (slots 0..{_slots.Length - 1})",
            _ => null,
        };
        if (problem is null) _received[assignment.Slot]++;
        // A busy slot is a race the coordinator should have seen (a repeated request for an idle slot crossed the
        // assignment that filled it, and said so by its count), not a fault. Handing back is the whole answer.
        var busy = problem is null && _slots[assignment.Slot] is not null;
        if (busy) problem = $"slot {assignment.Slot} is busy with attempt {_slots[assignment.Slot]!.Assignment.AttemptId}";
        if (problem is not null)
        {
            // Handed back untouched, so the job requeues the work instead of waiting for an attempt that never runs.
            if (busy) _log.Info("Declining attempt {AttemptId} of job {JobId}: {Problem}", assignment.AttemptId, assignment.JobId, problem);
            else _log.Warning("Declining attempt {AttemptId} of job {JobId}: {Problem}", assignment.AttemptId, assignment.JobId, problem);
            _coordinator.Tell(new TrialProtocol.AttemptReturned(assignment.JobId, assignment.AttemptId, assignment.WorkId,
                assignment.FromEpoch, assignment.ResumeCheckpoint), Self);
            return;
        }

        Remember((assignment.JobId, assignment.AttemptId));
        var runner = Context.ActorOf(TrialRunner.Props(assignment, _settings, _coordinator, _blobs, _train), $"slot{assignment.Slot}-{++_started}");
        Context.Watch(runner);
        var attempt = new Attempt(assignment, runner);
        _slots[assignment.Slot] = attempt;
        _runners[runner] = attempt;
        _byAttempt[(assignment.JobId, assignment.AttemptId)] = runner;
    }

    /// <summary>A runner's result (first send or resend): goes out with the next batch.</summary>
    private void OnRunnerFinished(TrialProtocol.AttemptFinished finished)
    {
        _outbox[(finished.JobId, finished.AttemptId)] = finished;
        if (!Timers.IsTimerActive(FlushTimer)) Timers.StartSingleTimer(FlushTimer, FlushResults.Instance, ResultBatchDelay);
    }

    private void FlushResultsNow()
    {
        if (_outbox.Count == 0) return;
        var reports = _outbox.Values.ToList();
        _outbox.Clear(); // the runners resend until acknowledged
        foreach (var batch in FrameBudget.Split(reports, FrameBudget.Estimate))
            _coordinator.Tell(new TrialProtocol.AttemptsFinished(_settings.WorkerId, batch), Self);
    }

    private void OnAcknowledged(TrialProtocol.AttemptsFinishedAck ack)
    {
        foreach (var attemptId in ack.AttemptIds) RouteToAttempt(ack.JobId, attemptId, TrialRunner.Acknowledged.Instance);
    }

    private void RouteToAttempt(string jobId, string attemptId, object message)
    {
        if (_byAttempt.TryGetValue((jobId, attemptId), out var runner)) runner.Forward(message);
        else _log.Debug("No running attempt {AttemptId} for {Message}", attemptId, message.GetType().Name);
    }

    private void OnRunnerEnded(IActorRef runner)
    {
        if (!_runners.Remove(runner, out var attempt)) return;
        _byAttempt.Remove((attempt.Assignment.JobId, attempt.Assignment.AttemptId));
        int slot = attempt.Assignment.Slot;
        _slots[slot] = null;
        _log.Debug("Slot {Slot} is free after attempt {AttemptId}", slot, attempt.Assignment.AttemptId);
        if (_leaving)
        {
            if (_runners.Count == 0) ReplyLeft();
        }
        else if (_idle.Freed(slot))
        {
            Self.Tell(SendRequest.Instance); // through the mailbox: slots freed meanwhile go with it
        }
    }

    private void OnLeave()
    {
        _leaveRequesters.Add(Sender);
        if (!_leaving)
        {
            _leaving = true;
            _clockTimers.Dispose();
            _log.Info("Worker {WorkerId} is leaving: running attempts to hand back: {Running}", _settings.WorkerId, _runners.Count);
            foreach (var runner in _runners.Keys) runner.Tell(TrialRunner.HandBack.Instance);
        }
        if (_runners.Count == 0) ReplyLeft();
    }

    private void ReplyLeft()
    {
        foreach (var requester in _leaveRequesters) requester.Tell(LeftGracefully.Instance);
        _leaveRequesters.Clear();
    }

    private void Remember((string JobId, string AttemptId) attempt)
    {
        if (!_seen.Add(attempt)) return;
        _seenOrder.Enqueue(attempt);
        if (_seenOrder.Count > RememberedAttempts) _seen.Remove(_seenOrder.Dequeue());
    }

    private const string FlushTimer = "flush";

    /// <summary>How long a result waits for others to travel with it (the scheduler's tick, ~10 ms, rounds it up).</summary>
    private static readonly TimeSpan ResultBatchDelay = TimeSpan.FromMilliseconds(5);

    /// <summary>Stop asking for work and hand back every running attempt (checkpoint stored first);
    /// answered with <see cref="LeftGracefully"/> once every attempt is handed back or reported.</summary>
    public sealed class LeaveGracefully : INoSerializationVerificationNeeded
    {
        public static readonly LeaveGracefully Instance = new();

        private LeaveGracefully() { }
    }

    /// <summary>The worker has no attempt left and asks for no more work.</summary>
    public sealed class LeftGracefully : INoSerializationVerificationNeeded
    {
        public static readonly LeftGracefully Instance = new();

        private LeftGracefully() { }
    }

    private sealed record Attempt(TrialAssignment Assignment, IActorRef Runner);

    private sealed class RequestTick : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly RequestTick Instance = new();
    }

    private sealed class SendRequest : INoSerializationVerificationNeeded
    {
        public static readonly SendRequest Instance = new();
    }

    private sealed class FlushResults : INoSerializationVerificationNeeded
    {
        public static readonly FlushResults Instance = new();
    }
}

/// <summary>Akka.Hosting registration of a worker node.</summary>
public static class WorkerHostingExtensions
{
    /// <summary>Starts a <see cref="WorkerActor"/> (registered in the ActorRegistry under <see cref="WorkerActor"/>)
    /// and hooks its graceful leave into CoordinatedShutdown (phase <c>before-service-unbind</c>, which waits for it).</summary>
    /// <param name="coordinator">Resolves the coordinator endpoint once the system runs: a ClusterSingletonProxy of
    /// <c>/user/job-manager</c> in a cluster, the local JobManager in local mode.</param>
    /// <param name="blobs">The blob store given the endpoint; default: a <see cref="RemoteBlobStore"/> through it.</param>
    /// <param name="actorName">The worker actor's name; give each its own when one process runs several workers.</param>
    /// <param name="train">How attempts train (null: with the engine).</param>
    /// <param name="around">Wraps the training, whichever it is (the node's metrics).</param>
    public static AkkaConfigurationBuilder AddTunerWorker(
        this AkkaConfigurationBuilder builder,
        WorkerSettings settings,
        Func<ActorSystem, IActorRegistry, ICanTell> coordinator,
        Func<ActorSystem, ICanTell, IBlobStore>? blobs = null,
        string actorName = "worker",
        TrainAttempt? train = null,
        Func<TrainAttempt, TrainAttempt>? around = null)
    {
        settings.Validated();
        // The phase must outlast the leave itself, else shutdown moves on while checkpoints are being stored.
        var phaseSeconds = (int)Math.Ceiling(settings.LeaveTimeout.TotalSeconds) + 5;
        builder.AddHocon($"akka.coordinated-shutdown.phases.before-service-unbind.timeout = {phaseSeconds}s", HoconAddMode.Prepend);
        builder.WithActors((system, registry) =>
        {
            var endpoint = coordinator(system, registry);
            var store = blobs?.Invoke(system, endpoint) ?? new RemoteBlobStore(endpoint);
            var worker = system.ActorOf(WorkerActor.Props(settings, endpoint, store, train, around), actorName);
            registry.TryRegister<WorkerActor>(worker);
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, $"tuner-{actorName}-leave", async () =>
            {
                try
                {
                    await worker.Ask<WorkerActor.LeftGracefully>(WorkerActor.LeaveGracefully.Instance, settings.LeaveTimeout);
                }
                catch (AskTimeoutException)
                {
                    system.Log.Warning("Worker {WorkerId} did not finish handing back its attempts within {Timeout}", settings.WorkerId, settings.LeaveTimeout);
                }
                return Done.Instance;
            });
        });
        return builder;
    }
}
