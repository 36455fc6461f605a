using Akka.Actor;
using Akka.Event;
using Tuner.Contracts.Search;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Blobs;
using static Tuner.Contracts.Protocol.TrialProtocol;

namespace Tuner.Worker;

/// <summary>One attempt, from assignment to report (a child of the <see cref="WorkerActor"/>): trains on a
/// dedicated thread (<see cref="TrainAttempt"/>: the engine's <see cref="AttemptExecution"/> on a worker node), streams <see cref="EpochDone"/> and heartbeats to the
/// coordinator, stores the final checkpoint (or sends a small one inline) and reports <see cref="AttemptFinished"/>
/// through its worker actor, resending until acknowledged. On <see cref="HandBack"/> it stops between batches, stores the last completed epoch
/// and sends <see cref="AttemptReturned"/>. When the blob store stays unavailable for the whole retry window (its
/// checkpoint cannot be stored, or its dataset or resume checkpoint cannot be read) it hands the attempt back untouched:
/// the database blinking is not the trial's fault. It stops itself when done; the worker watches it.</summary>
public sealed class TrialRunner : ReceiveActor, IWithTimers
{
    private readonly WorkProtocol.TrialAssignment _assignment;
    private readonly WorkerSettings _settings;
    private readonly ICanTell _coordinator;
    private readonly IBlobStore _blobs;
    private readonly TrainAttempt _train;
    private readonly CancellationTokenSource _cancellation = new();
    // Storing a checkpoint may wait out a database restart: stopped by a StopAttempt, or cut short when the worker leaves.
    private readonly CancellationTokenSource _storing = new();
    private string? _stopReason;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _epoch;
    private bool _handingBack;
    private bool _concluded;
    private TrialOutcome? _outcome;
    private AttemptFinished? _finished;
    private bool _bestStored;
    private bool _jobCancelled; // stopped because its job was cancelled (not superseded)

    public TrialRunner(WorkProtocol.TrialAssignment assignment, WorkerSettings settings, ICanTell coordinator, IBlobStore blobs, TrainAttempt train)
    {
        _assignment = assignment;
        _settings = settings;
        _coordinator = coordinator;
        _blobs = blobs;
        _train = train;
        _epoch = assignment.FromEpoch;
        Training();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How long a leaving worker waits for an acknowledgement: one resend.</summary>
    private TimeSpan LeaveAckWait => _settings.FinishedResendInterval * 2;

    // One runner per attempt: Props.Create(() => new ...) would compile that expression every time (a dynamic method
    // each, whose finalization cost a no-op worker 14 % of its CPU); a producer is a plain constructor call.
    public static Props Props(WorkProtocol.TrialAssignment assignment, WorkerSettings settings, ICanTell coordinator, IBlobStore blobs, TrainAttempt train) =>
        Akka.Actor.Props.CreateBy(new Producer(assignment, settings, coordinator, blobs, train));

    private sealed class Producer(WorkProtocol.TrialAssignment assignment, WorkerSettings settings, ICanTell coordinator, IBlobStore blobs, TrainAttempt train)
        : IIndirectActorProducer
    {
        public Type ActorType => typeof(TrialRunner);

        public ActorBase Produce() => new TrialRunner(assignment, settings, coordinator, blobs, train);

        public void Release(ActorBase actor) { }
    }

    /// <summary>The sender of what the runner tells the coordinator: the worker actor (its parent), which routes the answers
    /// (<see cref="WorkProtocol.StopAttempt"/>, <see cref="AttemptReturnedAck"/>) to the attempt by its id. As the sender
    /// the runner itself became a second worker to the job, which watched it remotely: every runner that ever ran then
    /// stayed referenced by Akka.Remote's resolve cache (1,024 per thread), and a worker's memory grew for thousands of trials.</summary>
    private IActorRef Answers => Context.Parent;

    protected override void PreStart()
    {
        // Debug: the Info line that ends every attempt says what it did (a no-op worker spent a tenth of its CPU on these two lines).
        _log.Debug("Attempt {AttemptId} of job {JobId} starts on slot {Slot}: epochs {FromEpoch}..{ToEpoch}",
            _assignment.AttemptId, _assignment.JobId, _assignment.Slot, _assignment.FromEpoch + 1, _assignment.ToEpoch);
        Timers.StartPeriodicTimer("heartbeat", Heartbeat.Instance, _settings.HeartbeatInterval);
        var self = Self;
        var token = _cancellation.Token;
        // Telling Self from the training thread is safe; epochs arrive before the piped outcome.
        Task.Run(() => _train(_assignment, (epoch, seconds) => self.Tell(new EpochCompleted(epoch, seconds)), token), CancellationToken.None)
            .PipeTo(self, success: outcome => new Trained(outcome), failure: e => (e is AggregateException { InnerException: { } inner } ? inner : e) is BlobStoreUnavailableException unavailable
                ? new Unavailable(unavailable.Message)
                : new Trained(TrialOutcome.Failed($"the attempt crashed: {e.Message}")));
    }

    protected override void PostStop()
    {
        // Cancelled, not disposed: the training thread may still be reading the token as it winds down.
        _cancellation.Cancel();
        _storing.Cancel();
        if (!_concluded)
        {
            // Stopped before it could report (crash, or the system going down): hand the work back untouched,
            // so the job re-runs it rather than waiting for an attempt that no longer exists.
            _coordinator.Tell(new AttemptReturned(_assignment.JobId, _assignment.AttemptId, _assignment.WorkId, _assignment.FromEpoch, _assignment.ResumeCheckpoint), Answers);
        }
    }

    private void Training()
    {
        Receive<EpochCompleted>(e =>
        {
            _epoch = e.Epoch.Epoch;
            _log.Debug("Attempt {AttemptId} of job {JobId} trained epoch {Epoch} in {Seconds:F1} s", _assignment.AttemptId, _assignment.JobId, _epoch, e.Seconds);
            _coordinator.Tell(new EpochDone(_assignment.JobId, _assignment.AttemptId, _assignment.WorkId, e.Epoch, e.Seconds), Answers);
        });
        Receive<Heartbeat>(_ => SendHeartbeat());
        Receive<WorkProtocol.StopAttempt>(stop =>
        {
            _log.Info("Stopping attempt {AttemptId} of job {JobId} after epoch {Epoch}: {Reason}", _assignment.AttemptId, _assignment.JobId, _epoch, stop.Reason);
            _jobCancelled |= stop.Reason == WorkProtocol.StopAttempt.JobCancelled;
            _cancellation.Cancel();
        });
        Receive<HandBack>(_ =>
        {
            _handingBack = true;
            _cancellation.Cancel();
        });
        Receive<Trained>(t => OnTrained(t.Outcome));
        Receive<Unavailable>(u => HandBackUntouched(u.Error));
    }

    private void OnTrained(TrialOutcome outcome)
    {
        _outcome = outcome;
        // A worker that is stopping hands the attempt back, which SendHandedBack says: that is no ending.
        if (!(_handingBack && outcome.Outcome == AttemptOutcome.Cancelled))
        {
            if (outcome.Error is null)
                _log.Info("Attempt {AttemptId} of job {JobId} ended {Outcome} after epoch {Epoch} in {Seconds:F1} s", _assignment.AttemptId, _assignment.JobId, outcome.Outcome, outcome.EpochsCompleted, outcome.Seconds);
            else
                _log.Info("Attempt {AttemptId} of job {JobId} ended {Outcome} after epoch {Epoch} in {Seconds:F1} s: {Error}", _assignment.AttemptId, _assignment.JobId, outcome.Outcome, outcome.EpochsCompleted, outcome.Seconds, outcome.Error);
        }
        Conclude(outcome);
    }

    private void Conclude(TrialOutcome outcome)
    {
        if (_handingBack && outcome.Outcome == AttemptOutcome.Cancelled)
        {
            HandBackLastEpoch(outcome.Checkpoint);
        }
        else if (outcome.Outcome == AttemptOutcome.Cancelled && _jobCancelled && outcome.BestCheckpoint is { } kept && !_bestStored)
        {
            // The job's results keep what its trials trained, and its best model may be this attempt's best epoch: stored
            // under that epoch's own id, never the work item's final checkpoint. It stored nothing, and a cancelled job
            // whose best trial was training had a best model (results.json named it) that was nowhere.
            Become(StoringBest);
            StoreBest(kept);
        }
        else if (outcome.Outcome == AttemptOutcome.Completed && outcome.BestCheckpoint is { } best && !_bestStored)
        {
            // The best epoch's state first (when not the last epoch's): the job may name it as the best model once it
            // records this result, so it must be stored by then.
            Become(StoringBest);
            StoreBest(best);
        }
        else if (outcome.Outcome == AttemptOutcome.Completed && outcome.Checkpoint is { } small && small.Bytes.Length <= _settings.InlineCheckpointBytes)
        {
            Finish(outcome, _assignment.CheckpointId, small.Bytes); // the job stores it before recording the result
        }
        else if (outcome.Outcome == AttemptOutcome.Completed && outcome.Checkpoint is { } checkpoint)
        {
            Become(Storing);
            if (_handingBack) LimitStoringToTheLeave();
            _blobs.PutAsync(_assignment.CheckpointId, checkpoint.Bytes, _storing.Token).PipeTo(Self,
                success: () => new Stored(_assignment.CheckpointId),
                failure: e => new StoreFailed(_assignment.CheckpointId, e.Message));
        }
        else
        {
            // A cancelled, diverged or failed attempt stores nothing: a superseded attempt must not
            // overwrite the checkpoint a newer attempt of the same work item may be writing.
            Finish(outcome, checkpointId: null);
        }
    }

    /// <summary>Storing the final checkpoint, for as long as the blob store's retries allow (heartbeats go on, so the
    /// coordinator keeps the attempt). A <see cref="WorkProtocol.StopAttempt"/> ends it cancelled, storing nothing more.</summary>
    private void Storing()
    {
        Receive<Heartbeat>(_ => SendHeartbeat());
        Receive<HandBack>(_ =>
        {
            _handingBack = true;
            LimitStoringToTheLeave();
        });
        Receive<Stored>(s => Finish(_outcome!, s.BlobId));
        Receive<StoreFailed>(f =>
        {
            if (_stopReason is { } reason)
                Finish(_outcome! with { Outcome = AttemptOutcome.Cancelled, Error = $"stopped while storing its checkpoint: {reason}" }, checkpointId: null);
            else
                HandBackUntouched($"its final checkpoint {f.BlobId} could not be stored: {f.Error}");
        });
        Receive<WorkProtocol.StopAttempt>(stop =>
        {
            _log.Info("Stopping attempt {AttemptId} of job {JobId} while it stores its checkpoint: {Reason}", _assignment.AttemptId, _assignment.JobId, stop.Reason);
            _stopReason ??= stop.Reason;
            _storing.Cancel();
        });
    }

    /// <summary>A leaving worker cannot wait out a database restart: the store gets half the leave's time.</summary>
    private void LimitStoringToTheLeave() => _storing.CancelAfter(_settings.LeaveTimeout / 2);

    /// <summary>Storing the best epoch's state, retried by the blob store as the final checkpoint is. A
    /// <see cref="WorkProtocol.StopAttempt"/> ends the attempt cancelled, storing nothing more.</summary>
    private void StoringBest()
    {
        Receive<Heartbeat>(_ => SendHeartbeat());
        Receive<HandBack>(_ =>
        {
            _handingBack = true;
            LimitStoringToTheLeave();
        });
        Receive<WorkProtocol.StopAttempt>(stop =>
        {
            _log.Info("Stopping attempt {AttemptId} of job {JobId} while it stores its best epoch's state: {Reason}", _assignment.AttemptId, _assignment.JobId, stop.Reason);
            _stopReason ??= stop.Reason;
            _storing.Cancel();
        });
        Receive<Stored>(_ =>
        {
            _bestStored = true;
            Conclude(_outcome!);
        });
        Receive<StoreFailed>(f =>
        {
            if (_stopReason is { } reason)
            {
                Finish(_outcome! with { Outcome = AttemptOutcome.Cancelled, Error = $"stopped while storing its best epoch's state: {reason}" }, checkpointId: null);
                return;
            }
            // The result still counts; only the best model falls back to the final state (the job's output says which epoch).
            _log.Warning("Storing the best-epoch state {BlobId} failed; the result goes without it: {Error}", f.BlobId, f.Error);
            _bestStored = true;
            Conclude(_outcome!);
        });
    }

    private void StoreBest(EpochCheckpoint best)
    {
        var blobId = BlobProtocol.Ids.EpochState(_assignment.JobId, _assignment.WorkId, best.Epoch);
        _blobs.PutAsync(blobId, best.Bytes, _storing.Token).PipeTo(Self,
            success: () => new Stored(blobId),
            failure: e => new StoreFailed(blobId, e.Message));
    }

    private void Finish(TrialOutcome outcome, string? checkpointId, byte[]? inlineCheckpoint = null)
    {
        Timers.Cancel("heartbeat");
        _finished = new AttemptFinished(_assignment.JobId, _assignment.AttemptId, _assignment.WorkId, outcome.Outcome,
            outcome.History, outcome.Error, checkpointId, outcome.Seconds, inlineCheckpoint);
        Become(Finishing);
        SendFinished();
        Timers.StartPeriodicTimer("resend", ResendFinished.Instance, _settings.FinishedResendInterval);
        // Leaving: report, but do not hold the node's shutdown for an acknowledgement for long.
        if (_handingBack) Timers.StartSingleTimer("leave", LeaveDeadline.Instance, LeaveAckWait);
    }

    private void Finishing()
    {
        Receive<ResendFinished>(_ => SendFinished());
        Receive<Acknowledged>(_ =>
        {
            _log.Debug("Attempt {AttemptId} acknowledged", _assignment.AttemptId);
            Context.Stop(Self);
        });
        Receive<HandBack>(_ =>
        {
            _handingBack = true;
            Timers.StartSingleTimer("leave", LeaveDeadline.Instance, LeaveAckWait);
        });
        Receive<Heartbeat>(_ => { });
        Receive<LeaveDeadline>(_ =>
        {
            _log.Warning("Leaving without an acknowledgement of attempt {AttemptId} of job {JobId}", _assignment.AttemptId, _assignment.JobId);
            Context.Stop(Self);
        });
        Receive<WorkProtocol.StopAttempt>(_ => SendFinished());
    }

    // Through the worker actor, which batches its runners' results (and passes the acknowledgement back).
    private void SendFinished()
    {
        _concluded = true;
        Context.Parent.Tell(_finished!, Self);
    }

    private void HandBackLastEpoch(EpochCheckpoint? checkpoint)
    {
        Become(HandingBack);
        if (checkpoint is null || checkpoint.Epoch <= _assignment.FromEpoch)
        {
            // Nothing trained since the start: the work resumes where it started.
            SendHandedBack(_assignment.FromEpoch, _assignment.ResumeCheckpoint);
            return;
        }
        var blobId = BlobProtocol.Ids.HandBack(_assignment.JobId, _assignment.WorkId, checkpoint.Epoch);
        LimitStoringToTheLeave();
        _blobs.PutAsync(blobId, checkpoint.Bytes, _storing.Token).PipeTo(Self,
            success: () => new Stored(blobId),
            failure: e => new StoreFailed(blobId, e.Message));
    }

    private void HandingBack()
    {
        Receive<Stored>(s => SendHandedBack(_outcome!.Checkpoint!.Epoch, s.BlobId));
        Receive<StoreFailed>(f =>
        {
            _log.Warning("Storing hand-back checkpoint {BlobId} failed, handing back from epoch {Epoch}: {Error}", f.BlobId, _assignment.FromEpoch, f.Error);
            SendHandedBack(_assignment.FromEpoch, _assignment.ResumeCheckpoint);
        });
        Receive<Heartbeat>(_ => { });
        Receive<HandBack>(_ => { });
        Receive<WorkProtocol.StopAttempt>(_ => { });
    }

    /// <summary>The blob store stayed unavailable (<paramref name="why"/>): the work goes back as it was assigned, to be
    /// re-run from its resume checkpoint, rather than recorded as a failed trial.</summary>
    private void HandBackUntouched(string why)
    {
        _log.Warning("Handing attempt {AttemptId} of job {JobId} back untouched: {Reason}", _assignment.AttemptId, _assignment.JobId, why);
        SendHandedBack(_assignment.FromEpoch, _assignment.ResumeCheckpoint);
    }

    // Sent until acknowledged (only briefly when the node is leaving). The runner must not stop before the job has it:
    // the job watches the runner, and the Terminated of a runner that stopped at once could reach the job
    // before the hand-back (it travels through the singleton proxy), which would requeue the work from its
    // old checkpoint and lose the epochs just handed back.
    private void SendHandedBack(int epoch, string? checkpointId)
    {
        // Trial ids repeat in every job: the job names the attempt. No checkpoint: the next attempt starts from its epoch 0.
        if (_handingBack && checkpointId is null)
            _log.Info("Attempt {AttemptId} of job {JobId} handed back at epoch {Epoch} without a checkpoint (the worker is stopping): its next attempt starts it over", _assignment.AttemptId, _assignment.JobId, epoch);
        else if (_handingBack)
            _log.Info("Attempt {AttemptId} of job {JobId} handed back at epoch {Epoch} (the worker is stopping): its next attempt, on whichever worker takes it, resumes from {CheckpointId}", _assignment.AttemptId, _assignment.JobId, epoch, checkpointId);
        else if (checkpointId is null)
            _log.Info("Handing back attempt {AttemptId} of job {JobId} after epoch {Epoch}, without a checkpoint", _assignment.AttemptId, _assignment.JobId, epoch);
        else
            _log.Info("Handing back attempt {AttemptId} of job {JobId} after epoch {Epoch} as {CheckpointId}", _assignment.AttemptId, _assignment.JobId, epoch, checkpointId);
        _concluded = true;
        var handedBack = new AttemptReturned(_assignment.JobId, _assignment.AttemptId, _assignment.WorkId, epoch, checkpointId);
        _coordinator.Tell(handedBack, Answers);
        Timers.Cancel("heartbeat");
        Timers.StartPeriodicTimer("resend", new ResendHandedBack(handedBack), _settings.FinishedResendInterval);
        if (_handingBack) Timers.StartSingleTimer("leave", LeaveDeadline.Instance, LeaveAckWait);
        Become(HandedBack);
    }

    private void HandedBack()
    {
        Receive<ResendHandedBack>(r => _coordinator.Tell(r.Message, Answers));
        Receive<AttemptReturnedAck>(ack => ack.AttemptId == _assignment.AttemptId, _ => Context.Stop(Self));
        Receive<LeaveDeadline>(_ =>
        {
            _log.Warning("Leaving without an acknowledgement of the hand-back of attempt {AttemptId} of job {JobId}", _assignment.AttemptId, _assignment.JobId);
            Context.Stop(Self);
        });
        Receive<Heartbeat>(_ => { });
        Receive<HandBack>(_ =>
        {
            if (!_handingBack && !Timers.IsTimerActive("leave")) Timers.StartSingleTimer("leave", LeaveDeadline.Instance, LeaveAckWait);
            _handingBack = true;
        });
        Receive<WorkProtocol.StopAttempt>(_ => { });
        Receive<Stored>(_ => { });
        Receive<StoreFailed>(_ => { });
    }

    private sealed record ResendHandedBack(AttemptReturned Message) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private void SendHeartbeat() =>
        _coordinator.Tell(new AttemptHeartbeat(_assignment.JobId, _assignment.AttemptId, _settings.WorkerId, _epoch), Answers);

    /// <summary>The worker is leaving: stop between batches and hand the attempt back from its last completed epoch.</summary>
    public sealed class HandBack : INoSerializationVerificationNeeded
    {
        public static readonly HandBack Instance = new();

        private HandBack() { }
    }

    /// <summary>The job recorded this attempt's result (the worker actor passes on its share of an <see cref="AttemptsFinishedAck"/>).</summary>
    public sealed class Acknowledged : INoSerializationVerificationNeeded
    {
        public static readonly Acknowledged Instance = new();

        private Acknowledged() { }
    }

    private sealed record EpochCompleted(EpochMetrics Epoch, double Seconds) : INoSerializationVerificationNeeded;

    private sealed record Trained(TrialOutcome Outcome) : INoSerializationVerificationNeeded;

    private sealed record Stored(string BlobId) : INoSerializationVerificationNeeded;

    private sealed record StoreFailed(string BlobId, string Error) : INoSerializationVerificationNeeded;

    /// <summary>The attempt could not start: its dataset or resume checkpoint stayed unreadable for the whole retry window.</summary>
    private sealed record Unavailable(string Error) : INoSerializationVerificationNeeded;

    private sealed class Heartbeat : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly Heartbeat Instance = new();
    }

    private sealed class ResendFinished : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly ResendFinished Instance = new();
    }

    private sealed class LeaveDeadline : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly LeaveDeadline Instance = new();
    }
}
