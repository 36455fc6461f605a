using Akka.Actor;
using Akka.Cluster;

namespace Tuner.Runtime.Membership;

/// <summary>The membership half of a node's readiness, said once for the management endpoint and the API.</summary>
public static class MembershipReadiness
{
    /// <summary>Null when the node is not clustered or is an Up member, else why not. A node that has not joined yet reports
    /// Akka's placeholder status Removed, which read as if the cluster had removed it.</summary>
    public static string? Problem(ActorSystem system)
    {
        if (!system.IsCluster()) return null;
        var cluster = Cluster.Get(system);
        var status = cluster.SelfMember.Status;
        if (status == MemberStatus.Up) return null;
        if (status == MemberStatus.Removed && !cluster.IsTerminated) return "not a cluster member yet: waiting for a seed (or a coordinator) to answer";
        return $"cluster membership is {status}, not Up";
    }
}
