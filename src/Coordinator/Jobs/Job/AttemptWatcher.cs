using Akka.Actor;
using Akka.Event;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Membership;
using Tuner.Runtime.Timing;
using static Tuner.Coordinator.Jobs.JobInternalProtocol;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Watches the workers of a job's running attempts (a child of the <see cref="JobActor"/>) and tells the job
/// which attempts lost theirs: a worker terminated or on an unreachable node, an attempt silent too long, or one that
/// did not report in within the lease after a restart. <see cref="AttemptLiveness{TWorker}"/> decides; this actor
/// watches, runs the timers on the settings' clock (so a test's virtual clock drives them) and tells.</summary>
/// <remarks>Worker refs are not persisted: after a restart the attempts that were running are unconfirmed until their
/// worker reports (which re-learns its ref), and are lost when the lease runs out first.</remarks>
public sealed class AttemptWatcher : ReceiveActor
{
    private readonly string _jobId;
    private readonly CoordinatorSettings _settings;
    private readonly AttemptLiveness<IActorRef> _liveness;
    private readonly ClockTimers _timers;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private string? _stopReason;

    public AttemptWatcher(string jobId, CoordinatorSettings settings)
    {
        _jobId = jobId;
        _settings = settings;
        _liveness = new AttemptLiveness<IActorRef>(settings.SilenceTimeout, settings.Clock);
        _timers = new ClockTimers(settings.Clock, Self);

        Receive<WatchForSilence>(_ =>
        {
            if (settings.SilenceTimeout > TimeSpan.Zero) _timers.Start(CheckSilence.Instance, _liveness.CheckInterval, _liveness.CheckInterval);
        });
        Receive<AwaitReports>(m =>
        {
            _liveness.AwaitReportsFrom(m.Attempts);
            // A worker whose node is already gone (it died while the job manager was away) cannot report in: at once.
            if (Context.System.IsCluster())
            {
                var gone = WorkerNodes.Gone(Akka.Cluster.Cluster.Get(Context.System).State, member => settings.OwnDetection(Context.System, member));
                Lost(_liveness.UnconfirmedOn(gone), "the worker's node left the cluster while the job manager was away");
            }
            if (_liveness.Unconfirmed.Count > 0) _timers.Start(LeaseExpired.Instance, settings.AttemptLease, Timeout.InfiniteTimeSpan);
        });
        Receive<Assigned>(m =>
        {
            foreach (var attemptId in m.AttemptIds) _liveness.Assigned(attemptId, m.Worker);
            Context.Watch(m.Worker);
        });
        Receive<Heard>(m =>
        {
            var heard = _liveness.HeardFrom(m.AttemptId, m.Worker);
            if (heard.NewWorker) Context.Watch(m.Worker!);
            if (!heard.ConfirmedAfterRestart) return;
            _log.Info("Job {JobId}: attempt {AttemptId} reported in after the restart", _jobId, m.AttemptId);
            if (_stopReason is not null) m.Worker?.Tell(new WorkProtocol.StopAttempt(_jobId, m.AttemptId, _stopReason));
        });
        Receive<Forget>(m => Drop(m.AttemptId));
        Receive<StopAttempts>(m =>
        {
            _stopReason = m.Reason;
            foreach (var (attemptId, worker) in _liveness.Workers) worker.Tell(new WorkProtocol.StopAttempt(_jobId, attemptId, m.Reason));
        });
        Receive<Terminated>(t => Lost(_liveness.AttemptsOn(w => w.Equals(t.ActorRef)), "worker terminated"));
        Receive<WorkerUnreachable>(m =>
        {
            var node = m.Address.ToString();
            Lost([.. _liveness.AttemptsOn(w => w.Path.Address.Equals(m.Address)), .. _liveness.UnconfirmedOn(n => WorkerNodes.IsAt(n, node))], "worker unreachable", answer: true);
        });
        Receive<CheckSilence>(_ => Lost(_liveness.Silent(), $"no word from the worker for {settings.SilenceTimeout.TotalSeconds:F0} s"));
        Receive<LeaseExpired>(_ => OnLeaseExpired());
        Receive<JobEnded>(_ => _timers.Dispose());
    }

    public static Props Props(string jobId, CoordinatorSettings settings) => Akka.Actor.Props.Create(() => new AttemptWatcher(jobId, settings));

    protected override void PostStop() => _timers.Dispose();

    private void OnLeaseExpired()
    {
        var silent = _liveness.LeaseExpired();
        if (silent.Count > 0) _log.Info("Job {JobId}: attempts that did not report in after the restart: {Count}", _jobId, silent.Count);
        Lost(silent, "no report after the coordinator restarted");
    }

    private void Lost(IReadOnlyList<string> attemptIds, string reason, bool answer = false)
    {
        if (attemptIds.Count == 0 && !answer) return;
        foreach (var attemptId in attemptIds) Drop(attemptId);
        Context.Parent.Tell(new AttemptsLost(attemptIds, reason, answer));
    }

    private void Drop(string attemptId)
    {
        if (_liveness.Forget(attemptId) is { } worker) Context.Unwatch(worker);
    }

    // --- from the job ----------------------------------------------------------------------------------

    /// <summary>The job can run attempts: check the silence rule (when the settings have one).</summary>
    public sealed class WatchForSilence : INoSerializationVerificationNeeded { public static readonly WatchForSilence Instance = new(); }

    /// <summary>Attempts that were running before a restart, with their workers' nodes as journalled: those that do not
    /// report in within the lease are lost, and those whose node is gone at once.</summary>
    public sealed record AwaitReports(IReadOnlyList<(string AttemptId, string? WorkerNode)> Attempts) : INoSerializationVerificationNeeded;

    /// <summary>The attempts were assigned to <paramref name="Worker"/>.</summary>
    public sealed record Assigned(IReadOnlyList<string> AttemptIds, IActorRef Worker) : INoSerializationVerificationNeeded;

    /// <summary>A report on a current attempt came from <paramref name="Worker"/> (null: a sender nobody knows).</summary>
    public sealed record Heard(string AttemptId, IActorRef? Worker) : INoSerializationVerificationNeeded;

    /// <summary>Nothing more is expected of the attempt (it ended or was requeued).</summary>
    public sealed record Forget(string AttemptId) : INoSerializationVerificationNeeded;

    /// <summary>Tell every known worker to stop its attempt, and every attempt that reports in after a restart (the job
    /// is being cancelled).</summary>
    public sealed record StopAttempts(string Reason) : INoSerializationVerificationNeeded;

    /// <summary>The job ended: no more checks.</summary>
    public sealed class JobEnded : INoSerializationVerificationNeeded { public static readonly JobEnded Instance = new(); }

    // --- to the job ------------------------------------------------------------------------------------

    /// <summary>These attempts lost their worker (and are no longer watched): requeue the running ones.
    /// <paramref name="Answer"/>: the answer to a <see cref="WorkerUnreachable"/> (sent even when none was lost).</summary>
    public sealed record AttemptsLost(IReadOnlyList<string> AttemptIds, string Reason, bool Answer = false) : INoSerializationVerificationNeeded;

    private sealed class CheckSilence : INoSerializationVerificationNeeded, IDeadLetterSuppression { public static readonly CheckSilence Instance = new(); }

    private sealed class LeaseExpired : INoSerializationVerificationNeeded, IDeadLetterSuppression { public static readonly LeaseExpired Instance = new(); }
}
