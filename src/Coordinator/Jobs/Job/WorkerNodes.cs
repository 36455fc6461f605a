using Akka.Actor;
using Akka.Cluster;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Where an attempt's worker runs, as journalled (<see cref="JobEvents.AttemptStarted.WorkerNode"/>), and whether
/// that node is gone for the cluster.</summary>
public static class WorkerNodes
{
    /// <summary>The cluster address of <paramref name="worker"/>'s node: a ref local to this node names no host, so this
    /// node's own address stands for it (<paramref name="self"/>).</summary>
    public static string Of(IActorRef worker, Address self) =>
        (worker.Path.Address.HasGlobalScope ? worker.Path.Address : self).ToString();

    /// <summary>Whether a worker on <paramref name="node"/> can still report: not when the node is no member (removed,
    /// or never seen by this incarnation of the cluster state), is down, or is unreachable. A node leaving or exiting
    /// still hands its attempts back, so it is not gone.</summary>
    public static bool Gone(string node, IEnumerable<(string Address, MemberStatus Status)> members, IEnumerable<string> unreachable)
    {
        foreach (var address in unreachable)
            if (address == node) return true;
        foreach (var (address, status) in members)
            if (address == node) return status is MemberStatus.Down or MemberStatus.Removed;
        return true;
    }

    /// <summary><see cref="Gone(string, IEnumerable{ValueTuple{string, MemberStatus}}, IEnumerable{string})"/> as
    /// <paramref name="state"/> sees the cluster.</summary>
    public static Func<string, bool> Gone(ClusterEvent.CurrentClusterState state)
    {
        var members = state.Members.Select(m => (m.Address.ToString(), m.Status)).ToList();
        var unreachable = state.Unreachable.Select(m => m.Address.ToString()).ToList();
        return node => Gone(node, members, unreachable);
    }
}
