using Akka.Cluster;

namespace Tuner.Cli.Hosting.Downing;

/// <summary>Whether this node should down an unreachable worker at once instead of leaving it to the split-brain
/// resolver. The resolver waits for membership to be stable for stable-after, and every worker death or restart resets
/// that wait: with workers dying often, it would down nobody (a dead coordinator included), then down every node once
/// membership had changed for stable-after + down-all-when-unstable. A worker holds nothing the cluster needs (the job
/// manager already requeues an unreachable worker's attempts, and it never hosts the job manager), so it is downed as
/// soon as it is unreachable, which keeps the resolver's unreachable set to the coordinators.</summary>
/// <remarks>One node decides, so a partition's two sides do not both act on one side's view: the oldest coordinator
/// among the Up coordinators this node can reach (the one the job manager would run on). A minority side's oldest
/// coordinator may down the other side's workers too; they restart and rejoin, which is what the resolver would have
/// decided for them after stable-after.</remarks>
public static class WorkerDowningPolicy
{
    public const string WorkerRole = "worker";

    /// <param name="unreachable">The member found unreachable.</param>
    /// <param name="self">This node.</param>
    /// <param name="members">The cluster's members as this node sees them.</param>
    public static bool ShouldDown(NodeView unreachable, NodeView self, IEnumerable<NodeView> members)
    {
        if (!unreachable.IsWorker || unreachable.IsCoordinator || unreachable.Status is MemberStatus.Down or MemberStatus.Removed) return false;
        if (!self.IsCoordinator || self.Status != MemberStatus.Up) return false;
        foreach (var member in members)
            if (member.IsCoordinator && member.Status == MemberStatus.Up && member.Reachable && member.Address != self.Address && member.IsOlderThan(self))
                return false;
        return true;
    }
}

/// <summary>What <see cref="WorkerDowningPolicy"/> needs of a member: roles, status, reachability, and its place in
/// Akka's age order (<see cref="Member.AgeOrdering"/>; 0 is the oldest).</summary>
public sealed record NodeView(string Address, bool IsCoordinator, bool IsWorker, MemberStatus Status, bool Reachable, int AgeRank)
{
    public bool IsOlderThan(NodeView other) => AgeRank < other.AgeRank;
}
