using Akka.Cluster;
using Tuner.Cli.Hosting.Links;
using Tuner.Runtime.Membership;

namespace Tuner.Cli.Hosting.Downing;

/// <summary>Whether this node should down an unreachable member itself instead of leaving it to the split-brain
/// resolver, which cannot decide while membership keeps changing. The resolver waits for membership to be stable for
/// stable-after, and every worker death or restart resets that wait: with workers dying often it would down nobody (a
/// dead coordinator included), then down every node once reachability had kept changing for stable-after +
/// down-all-when-unstable. So:
/// <list type="bullet">
/// <item>an unreachable <b>worker</b> is downed at once: it holds nothing the cluster needs (the job manager already
/// requeues an unreachable worker's attempts, and a worker never hosts the job manager). Unless this node's own failure
/// detector still hears it — then only other nodes report it: one broken link, not a dead worker — or this node became
/// Up less than <see cref="LinkResetPolicy.YoungFor"/> ago — then its own links may be the broken ones. A node restarted
/// at its old address can be left with dead associations (<see cref="LinkResetPolicy"/>); seen as the deciding
/// coordinator, it found a healthy worker unreachable and downed it. Then the worker is downed once it has been
/// unreachable for stable-after, which gives the link time to be reset — or at once if its address refused a connection
/// from this node: nothing listens there, whatever this node's links. (Workers dying every few seconds in a coordinator's
/// first minute otherwise kept one unreachable worker not yet down at all times: the leader could not remove a dead
/// coordinator, the job manager stayed down, and the resolver downed every node.)</item>
/// <item>an unreachable <b>coordinator</b> is downed once it has been unreachable for stable-after without interruption
/// — the resolver's own wait, but counted for that member alone, so other members' churn does not restart it — and only
/// when this node reaches a strict majority of the coordinators, so at most one side of a partition acts. A tie (two
/// coordinators, one unreachable) is left to the resolver and its lease.</item>
/// </list>
/// Once every unreachable member is down, the resolver's instability count starts again, so it never downs every node
/// because of churn alone.</summary>
/// <remarks>One node decides, so a partition's two sides do not both act on one side's view: the oldest coordinator
/// among the Up coordinators this node can reach (the one the job manager would run on). A minority side's oldest
/// coordinator may down the other side's workers too; they restart and rejoin, which is what the resolver would have
/// decided for them after stable-after.</remarks>
public static class ChurnDowningPolicy
{
    public const string WorkerRole = "worker";

    /// <summary>Whether this node downs <paramref name="unreachable"/> now, and on which rule.</summary>
    /// <param name="unreachable">The member found unreachable.</param>
    /// <param name="ownDetector">What this node's own failure detector says of that member.</param>
    /// <param name="refused">Whether the member's address refused a connection from this node since a member there was last Up or reachable.</param>
    /// <param name="unreachableFor">How long this node has seen it unreachable without interruption.</param>
    /// <param name="selfUpFor">How long this node has been Up.</param>
    /// <param name="self">This node.</param>
    /// <param name="members">The cluster's members as this node sees them.</param>
    /// <param name="stableAfter">The resolver's stable-after.</param>
    public static DowningDecision Decide(NodeView unreachable, OwnDetection ownDetector, bool refused, TimeSpan unreachableFor, TimeSpan selfUpFor, NodeView self, IReadOnlyCollection<NodeView> members, TimeSpan stableAfter)
    {
        if (unreachable.Reachable || unreachable.Status is MemberStatus.Down or MemberStatus.Removed) return DowningDecision.Keep;
        if (!IsDecider(self, members)) return DowningDecision.Keep;
        if (unreachable.IsWorker && !unreachable.IsCoordinator)
        {
            if (ownDetector != OwnDetection.Available && (selfUpFor >= LinkResetPolicy.YoungFor || refused)) return DowningDecision.WorkerAtOnce;
            return unreachableFor >= stableAfter ? DowningDecision.WorkerAfterStableAfter : DowningDecision.Keep;
        }
        if (!unreachable.IsCoordinator || unreachableFor < stableAfter) return DowningDecision.Keep;
        int coordinators = 0, reachable = 0;
        foreach (var member in members)
        {
            if (!member.IsCoordinator || member.Status is not (MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting)) continue;
            coordinators++;
            if (member.Reachable) reachable++;
        }
        return 2 * reachable > coordinators ? DowningDecision.CoordinatorAfterStableAfter : DowningDecision.Keep;
    }

    /// <summary>Whether <see cref="Decide"/> downs the member, on whichever rule.</summary>
    public static bool ShouldDown(NodeView unreachable, OwnDetection ownDetector, bool refused, TimeSpan unreachableFor, TimeSpan selfUpFor, NodeView self, IReadOnlyCollection<NodeView> members, TimeSpan stableAfter) =>
        Decide(unreachable, ownDetector, refused, unreachableFor, selfUpFor, self, members, stableAfter) != DowningDecision.Keep;

    /// <summary>Whether <paramref name="self"/> is the oldest Up coordinator it can reach.</summary>
    private static bool IsDecider(NodeView self, IEnumerable<NodeView> members)
    {
        if (!self.IsCoordinator || self.Status != MemberStatus.Up) return false;
        foreach (var member in members)
            if (member.IsCoordinator && member.Status == MemberStatus.Up && member.Reachable && member.Address != self.Address && member.IsOlderThan(self))
                return false;
        return true;
    }
}

/// <summary>What <see cref="ChurnDowningPolicy"/> needs of a member: roles, status, reachability, and its place in
/// Akka's age order (<see cref="Member.AgeOrdering"/>; 0 is the oldest).</summary>
public sealed record NodeView(string Address, bool IsCoordinator, bool IsWorker, MemberStatus Status, bool Reachable, int AgeRank)
{
    public bool IsOlderThan(NodeView other) => AgeRank < other.AgeRank;
}
