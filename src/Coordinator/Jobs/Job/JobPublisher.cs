using Akka.Actor;
using Tuner.Contracts.Protocol;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>A job's progress to those who follow it: every <see cref="JobSummary"/> it is given goes to the
/// subscribers, and the final one ends every subscription. Its own actor, so watching subscribers never mixes with
/// watching workers (one actor may be both), and the job manager's child, not the <see cref="JobActor"/>'s: a job actor
/// restarted after a defect, or stopped by a failed journal write and started again, keeps its followers (`tuner run`
/// and the event stream would otherwise wait for ever). The trials that changed
/// (<see cref="DashboardProtocol.JobTrialsChanged"/>) go to the subscribers too; the job actor that last
/// <see cref="Attach"/>ed hears how many there are (<see cref="Subscribers"/>), so a job nobody follows does not build
/// them.</summary>
public sealed class JobPublisher : ReceiveActor
{
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly HashSet<IActorRef> _trialSubscribers = []; // those of _subscribers that asked for the changed trials
    private IActorRef _job = ActorRefs.Nobody; // the job actor's current incarnation

    public static Props Props() => Akka.Actor.Props.Create<JobPublisher>();

    public JobPublisher()
    {
        Receive<JobSummary>(summary =>
        {
            foreach (var subscriber in _subscribers) subscriber.Tell(summary);
            if (!summary.IsFinal) return;
            foreach (var subscriber in _subscribers.ToList()) Remove(subscriber);
        });
        Receive<DashboardProtocol.JobTrialsChanged>(changed =>
        {
            foreach (var subscriber in _trialSubscribers) subscriber.Tell(changed);
        });
        Receive<Subscribe>(m =>
        {
            m.Subscriber.Tell(m.Current);
            if (m.Current.IsFinal || m.Subscriber.IsNobody() || !_subscribers.Add(m.Subscriber)) return;
            Context.Watch(m.Subscriber);
            if (m.Trials && _trialSubscribers.Add(m.Subscriber)) Counted();
        });
        Receive<Unsubscribe>(m => Remove(m.Subscriber));
        Receive<Attach>(_ =>
        {
            _job = Sender;
            Counted();
        });
        Receive<Terminated>(t =>
        {
            _subscribers.Remove(t.ActorRef);
            if (_trialSubscribers.Remove(t.ActorRef)) Counted();
        });
    }

    private void Remove(IActorRef subscriber)
    {
        if (!_subscribers.Remove(subscriber)) return;
        Context.Unwatch(subscriber);
        if (_trialSubscribers.Remove(subscriber)) Counted();
    }

    private void Counted() => _job.Tell(new Subscribers(_trialSubscribers.Count));

    /// <summary>From a job actor as it starts: it is the job now, and hears how many follow the changed trials.</summary>
    public sealed record Attach : INoSerializationVerificationNeeded
    {
        public static readonly Attach Instance = new();
    }

    /// <summary>To the job actor: how many follow the job's changed trials now.</summary>
    public sealed record Subscribers(int Count) : INoSerializationVerificationNeeded;

    /// <summary>Send <paramref name="Subscriber"/> the <paramref name="Current"/> summary, then every change until the job ends.</summary>
    /// <param name="Trials">The changed trials too (<see cref="DashboardProtocol.JobTrialsChanged"/>).</param>
    public sealed record Subscribe(IActorRef Subscriber, JobSummary Current, bool Trials = false) : INoSerializationVerificationNeeded;

    public sealed record Unsubscribe(IActorRef Subscriber) : INoSerializationVerificationNeeded;
}
