using Akka.Actor;
using Tuner.Runtime.Membership;

namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>When the job manager gives up on an unreachable member's attempts. The cluster marks a member unreachable as
/// soon as any node stops hearing it: a worker restarted at its old address, or a link broken between two workers, can do
/// that to a healthy worker this coordinator still hears, and requeueing its trials would throw its epochs away. So a
/// member's attempts are requeued when this node's own failure detector does not hear it either (or does not watch it,
/// when the cluster's view is all there is), and while this node hears it, they keep running and it is asked again
/// (<see cref="NoLongerHeard"/>) until the member is reachable again or removed (whose attempts are always requeued).
/// The detector watches addresses: a worker restarted at its dead incarnation's address answers for it, and then the
/// dead one's attempts wait for its removal, which Akka makes when the new incarnation joins (seconds).</summary>
public sealed class UnreachableMembers
{
    private readonly HashSet<Address> _heardHere = [];

    /// <summary>Whether some unreachable member is still heard by this node, so worth asking about again.</summary>
    public bool AnyHeardHere => _heardHere.Count > 0;

    /// <summary>The cluster marked <paramref name="member"/> unreachable; <paramref name="own"/> is this node's detector's word.</summary>
    /// <returns>Whether to requeue its attempts now.</returns>
    public bool Unreachable(Address member, OwnDetection own)
    {
        if (own == OwnDetection.Available)
        {
            _heardHere.Add(member);
            return false;
        }
        _heardHere.Remove(member);
        return true;
    }

    /// <summary>The cluster hears <paramref name="member"/> again, or removed it: nothing left to ask about.</summary>
    public void Forget(Address member) => _heardHere.Remove(member);

    /// <summary>The members this node heard when they became unreachable and no longer does: requeue their attempts now
    /// (they are forgotten here).</summary>
    public IReadOnlyList<Address> NoLongerHeard(Func<Address, OwnDetection> own)
    {
        var lost = _heardHere.Where(member => own(member) != OwnDetection.Available).ToList();
        foreach (var member in lost) _heardHere.Remove(member);
        return lost;
    }
}
