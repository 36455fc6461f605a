using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Tuner.Coordinator.Jobs;
using static Akka.Cluster.ClusterEvent;

namespace Tuner.Cli.Hosting.Downing;

/// <summary>Downs an unreachable worker as soon as <see cref="WorkerDowningPolicy"/> says this node decides; runs on
/// every coordinator.</summary>
public sealed class WorkerDowningActor : ReceiveActor
{
    public const string Name = "worker-downing";

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public WorkerDowningActor()
    {
        Receive<UnreachableMember>(e => Consider(e.Member));
        // A node that became the deciding coordinator (the older one died) looks again at who is unreachable.
        Receive<MemberRemoved>(_ => ConsiderAll());
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new WorkerDowningActor());

    protected override void PreStart() =>
        _cluster.Subscribe(Self, InitialStateAsEvents, typeof(UnreachableMember), typeof(MemberRemoved));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void ConsiderAll()
    {
        foreach (var member in _cluster.State.Unreachable) Consider(member);
    }

    private void Consider(Member unreachable)
    {
        var state = _cluster.State;
        var byAge = state.Members.OrderBy(m => m, Member.AgeOrdering).Select(m => m.UniqueAddress).ToList();
        NodeView View(Member member) =>
            new(member.Address.ToString(), member.HasRole(JobManagerHosting.CoordinatorRole), member.HasRole(WorkerDowningPolicy.WorkerRole),
                member.Status, !state.Unreachable.Contains(member), byAge.IndexOf(member.UniqueAddress) is var rank and >= 0 ? rank : int.MaxValue);
        if (!WorkerDowningPolicy.ShouldDown(View(unreachable), View(_cluster.SelfMember), state.Members.Select(View))) return;
        _log.Info("Downing unreachable worker {0}: workers are downed at once, so their deaths do not hold up the split-brain resolver", unreachable.Address);
        _cluster.Down(unreachable.Address);
    }
}
