using System.Threading.Channels;
using Akka.Actor;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Progress;

/// <summary>Receives a job's pushed <see cref="JobSummary"/> updates (it is the subscriber) and
/// hands them to the command through a channel.</summary>
internal sealed class SummaryRelay : ReceiveActor
{
    public SummaryRelay(ChannelWriter<JobSummary> output)
    {
        Receive<JobSummary>(summary =>
        {
            output.TryWrite(summary);
            if (summary.IsFinal) output.TryComplete();
        });
        Receive<JobProtocol.JobNotFound>(missing => output.TryComplete(new InvalidOperationException($"job {missing.JobId} disappeared")));
    }
}

/// <summary>Subscribes to a job's progress from outside the actor system.</summary>
internal static class JobSubscription
{
    /// <summary>Subscribes to <paramref name="jobId"/> on <paramref name="manager"/>; summaries arrive on the returned reader.</summary>
    public static (IActorRef Relay, ChannelReader<JobSummary> Summaries) Start(ActorSystem system, IActorRef manager, string jobId)
    {
        var channel = Channel.CreateUnbounded<JobSummary>(new UnboundedChannelOptions { SingleReader = true });
        var relay = system.ActorOf(Props.Create(() => new SummaryRelay(channel.Writer)));
        manager.Tell(new JobProtocol.SubscribeJob(jobId), relay);
        return (relay, channel.Reader);
    }
}
