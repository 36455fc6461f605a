using Akka.Actor;
using Akka.Cluster;
using Tuner.Runtime.Membership;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Where an attempt's worker runs, as journalled (<see cref="JobEvents.AttemptStarted.WorkerNode"/>), and whether
/// that node is gone for the cluster.</summary>
/// <remarks>A node is journalled as its address and, when the cluster knows it, its incarnation:
/// <c>akka.tcp://tuner@10.0.0.1:4053#1234567</c> (the member's UID). A worker restarted on the same host and port (a
/// fixed <c>--port</c>, a container restarted in its pod) is a new incarnation at the same address: by address alone the
/// attempts of the one that died would look alive, and wait the whole attempt lease for a report that cannot come.
/// Nodes journalled before the incarnation was kept have the address alone and are matched by it.</remarks>
public static class WorkerNodes
{
    private const char IncarnationSeparator = '#';

    /// <summary>The node of <paramref name="worker"/>: a ref local to this node names no host, so this node's own address
    /// stands for it (<paramref name="self"/>); its incarnation as <paramref name="incarnation"/> gives it (null: unknown,
    /// e.g. not a cluster, or the member not yet seen here).</summary>
    public static string Of(IActorRef worker, Address self, Func<Address, int?> incarnation)
    {
        var address = worker.Path.Address.HasGlobalScope ? worker.Path.Address : self;
        return incarnation(address) is { } uid ? $"{address}{IncarnationSeparator}{uid}" : address.ToString();
    }

    /// <summary><see cref="Of(IActorRef, Address, Func{Address, int?})"/> with incarnations from the cluster's current
    /// members (none outside a cluster). A downed member at the address is not taken for the sender: it may be the old
    /// incarnation of a worker that is back before this node has seen it removed.</summary>
    public static string Of(IActorRef worker, ActorSystem system)
    {
        var self = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        if (!system.IsCluster()) return Of(worker, self, _ => null);
        var cluster = Cluster.Get(system);
        return Of(worker, self, address => address == cluster.SelfAddress ? cluster.SelfUniqueAddress.Uid
            : cluster.State.Members.FirstOrDefault(m => m.Address == address && m.Status is not (MemberStatus.Down or MemberStatus.Removed))?.UniqueAddress.Uid);
    }

    /// <summary>Whether <paramref name="node"/> (as journalled) is at <paramref name="address"/>, whatever its incarnation.</summary>
    public static bool IsAt(string node, string address) => AddressOf(node) == address;

    /// <summary>Whether a worker on <paramref name="node"/> can still report: not when the node is no member (removed,
    /// never seen by this incarnation of the cluster state, or replaced by a new incarnation at its address), is down, or
    /// is unreachable. A node leaving or exiting still hands its attempts back, so it is not gone.</summary>
    /// <param name="unreachable">Addresses of unreachable members: whichever incarnation is unreachable there, the
    /// journalled one cannot report (it is that one, or an older one already replaced).</param>
    public static bool Gone(string node, IEnumerable<(string Address, int Uid, MemberStatus Status)> members, IEnumerable<string> unreachable)
    {
        var address = AddressOf(node);
        var incarnation = IncarnationOf(node);
        foreach (var unreachableAddress in unreachable)
            if (unreachableAddress == address) return true;
        foreach (var (memberAddress, uid, status) in members)
            if (memberAddress == address) return (incarnation is { } journalled && journalled != uid) || status is MemberStatus.Down or MemberStatus.Removed;
        return true;
    }

    /// <summary><see cref="Gone(string, IEnumerable{ValueTuple{string, int, MemberStatus}}, IEnumerable{string})"/> as
    /// <paramref name="state"/> sees the cluster, counting as unreachable only the members this node does not hear either
    /// (<paramref name="own"/>: its own failure detector's word): another node's report alone, e.g. of a link broken
    /// between two workers, says nothing of whether the worker can report here.</summary>
    public static Func<string, bool> Gone(ClusterEvent.CurrentClusterState state, Func<Address, OwnDetection> own)
    {
        var members = state.Members.Select(m => (m.Address.ToString(), m.UniqueAddress.Uid, m.Status)).ToList();
        var unreachable = state.Unreachable.Where(m => own(m.Address) != OwnDetection.Available).Select(m => m.Address.ToString()).ToList();
        return node => Gone(node, members, unreachable);
    }

    private static string AddressOf(string node)
    {
        var separator = node.LastIndexOf(IncarnationSeparator);
        return separator < 0 ? node : node[..separator];
    }

    private static int? IncarnationOf(string node)
    {
        var separator = node.LastIndexOf(IncarnationSeparator);
        return separator >= 0 && int.TryParse(node.AsSpan(separator + 1), out var uid) ? uid : null;
    }
}
