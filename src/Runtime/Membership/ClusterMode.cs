using Akka.Actor;
using Akka.Cluster;

namespace Tuner.Runtime.Membership;

/// <summary>Whether an actor system is a cluster node (coordinator, worker) or a single local process (`tuner run`),
/// where cluster membership, reachability and its metrics do not exist.</summary>
public static class ClusterMode
{
    public static bool IsCluster(this ActorSystem system) => system is ExtendedActorSystem { Provider: ClusterActorRefProvider };
}
