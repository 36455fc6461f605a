using Akka.Actor;
using Akka.Cluster;
using Tuner.Coordinator.Jobs;

namespace Tuner.Coordinator.Api;

/// <summary>The Akka addresses a new worker's <c>--seeds</c> would name: the cluster's coordinators that are up, as
/// <c>GET /api/workers</c> reports them, so "no worker has joined" can say exactly what to start. Empty in local mode
/// (<c>tuner run</c>: its workers are in the process, no cluster to join).</summary>
public static class CoordinatorSeeds
{
    public static IReadOnlyList<string> Of(ActorSystem system)
    {
        if (system is not ExtendedActorSystem { Provider: IClusterActorRefProvider }) return [];
        return Cluster.Get(system).State.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(JobManagerHosting.CoordinatorRole))
            .Select(m => m.Address.ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
