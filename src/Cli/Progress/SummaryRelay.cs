using System.Threading.Channels;
using Akka.Actor;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Progress;

/// <summary>Receives a job's pushed <see cref="JobSummary"/> updates (it is the subscriber) and hands them to the command
/// through a channel. It watches the job's publisher: when that goes (the job manager restarted, which stops its
/// children), it sends <c>resubmit</c> — <c>tuner run</c>'s own submission, which resumes a known job: a local job
/// manager resumes recovered jobs only when asked — and subscribes again, every second until a summary comes. Without
/// it the command waited for ever.</summary>
internal sealed class SummaryRelay : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private const string RetryTimer = "resubscribe";

    private readonly ChannelWriter<JobSummary> _output;
    private readonly IActorRef _manager;
    private readonly string _jobId;
    private readonly JobProtocol.SubmitJob _resubmit;
    private IActorRef? _publisher;

    public SummaryRelay(ChannelWriter<JobSummary> output, IActorRef manager, string jobId, JobProtocol.SubmitJob resubmit)
    {
        (_output, _manager, _jobId, _resubmit) = (output, manager, jobId, resubmit);
        Receive<JobSummary>(OnSummary);
        // While resubscribing, the job may not be back yet: the restarted manager checks the resubmission before it starts
        // the job, and a subscription that overtakes that check finds no job. The next round asks again.
        Receive<JobProtocol.JobNotFound>(missing =>
        {
            if (!Timers.IsTimerActive(RetryTimer)) Fail($"job {missing.JobId} disappeared");
        });
        Receive<JobProtocol.JobAccepted>(_ => { });
        Receive<JobProtocol.JobRejected>(rejected => Fail($"job {_jobId} could not be resumed: {string.Join("; ", rejected.Errors)}"));
        Receive<Terminated>(t => t.ActorRef.Equals(_publisher), _ =>
        {
            _publisher = null;
            // Shutting down (Ctrl-C) stops the publisher too: that is no restart, and a resubmission would only be a dead letter.
            if (CoordinatedShutdown.Get(Context.System).ShutdownReason is not null) return;
            Resubscribe();
            Timers.StartPeriodicTimer(RetryTimer, Resubscription.Instance, RetryInterval);
        });
        Receive<Resubscription>(_ => Resubscribe());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ChannelWriter<JobSummary> output, IActorRef manager, string jobId, JobProtocol.SubmitJob resubmit) =>
        Akka.Actor.Props.Create(() => new SummaryRelay(output, manager, jobId, resubmit));

    protected override void PreStart() => _manager.Tell(new JobProtocol.SubscribeJob(_jobId));

    private void OnSummary(JobSummary summary)
    {
        if (!Sender.Equals(_publisher))
        {
            if (_publisher is not null) Context.Unwatch(_publisher);
            _publisher = Sender;
            Context.Watch(_publisher);
            Timers.Cancel(RetryTimer);
        }
        _output.TryWrite(summary);
        if (!summary.IsFinal) return;
        _output.TryComplete();
        // A finished job needs following no more: watching on, the relay took the publisher's end at shutdown for a
        // restart and resubmitted the job to a stopped job manager (a dead letter on every run).
        Context.Stop(Self);
    }

    private void Resubscribe()
    {
        _manager.Tell(_resubmit);
        _manager.Tell(new JobProtocol.SubscribeJob(_jobId));
    }

    private void Fail(string message)
    {
        Timers.Cancel(RetryTimer);
        _output.TryComplete(new InvalidOperationException(message));
    }

    private sealed record Resubscription
    {
        public static readonly Resubscription Instance = new();
    }
}

/// <summary>Subscribes to a job's progress from outside the actor system.</summary>
internal static class JobSubscription
{
    /// <summary>Subscribes to <paramref name="jobId"/> on <paramref name="manager"/>; summaries arrive on the returned reader.</summary>
    /// <param name="resubmit">Sent again before subscribing again, should the subscription be lost (<see cref="SummaryRelay"/>).</param>
    public static (IActorRef Relay, ChannelReader<JobSummary> Summaries) Start(ActorSystem system, IActorRef manager, string jobId, JobProtocol.SubmitJob resubmit)
    {
        var channel = Channel.CreateUnbounded<JobSummary>(new UnboundedChannelOptions { SingleReader = true });
        var relay = system.ActorOf(SummaryRelay.Props(channel.Writer, manager, jobId, resubmit));
        return (relay, channel.Reader);
    }
}
