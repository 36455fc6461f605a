using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Tuner.Coordinator.Jobs;
using static Akka.Cluster.ClusterEvent;

namespace Tuner.Cli.Hosting.Orphans;

/// <summary>On a worker: leaves the cluster once no coordinator is left in it (<see cref="OrphanedWorkerPolicy"/>).</summary>
public sealed class OrphanedWorkerActor : ReceiveActor
{
    public const string Name = "orphaned-worker";

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Kept from the events themselves: the cluster's read view (Cluster.State) may not show a removal yet when it arrives.
    private readonly HashSet<UniqueAddress> _coordinators = [];
    private bool _selfUp;
    private bool _sawCoordinator;
    private bool _leaving;

    public OrphanedWorkerActor()
    {
        Receive<IMemberEvent>(e =>
        {
            if (e is MemberRemoved) _coordinators.Remove(e.Member.UniqueAddress);
            else if (e.Member.HasRole(JobManagerHosting.CoordinatorRole))
            {
                _coordinators.Add(e.Member.UniqueAddress);
                _sawCoordinator = true;
            }
            if (e is MemberUp && e.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress)) _selfUp = true;
            if (e is MemberLeft or MemberExited && e.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress)) _selfUp = false;
            Check();
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new OrphanedWorkerActor());

    protected override void PreStart() => _cluster.Subscribe(Self, InitialStateAsEvents, typeof(IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Check()
    {
        if (_leaving || !OrphanedWorkerPolicy.ShouldLeave(_selfUp, _sawCoordinator, _coordinators.Count)) return;
        _leaving = true;
        _log.Warning("No coordinator is left in the cluster: this worker leaves it, and its process ends; started again, it joins the cluster the coordinators form next");
        _cluster.Leave(_cluster.SelfAddress);
    }
}
