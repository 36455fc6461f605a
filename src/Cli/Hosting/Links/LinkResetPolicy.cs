using Tuner.Runtime.Membership;

namespace Tuner.Cli.Hosting.Links;

/// <summary>Whether this node resets its association with a member its own failure detector no longer hears, instead of
/// waiting for the link to heal by itself, which it may never do.</summary>
/// <remarks>
/// <para>Why: a node restarted at its old address (a Kubernetes container restart keeps the pod's IP) joins while the
/// others are still tearing down their associations with the incarnation that died. Akka.Remote (classic) can then leave
/// a pair of nodes associated with neither hearing the other: seen with a coordinator killed and restarted twice and a
/// worker, whose gossip and heartbeats never crossed from the moment the new coordinator joined; both marked each other
/// unreachable once it was Up, and healthy nodes were downed for it.</para>
/// <para>A reset is Akka's quarantine without a UID: this node's endpoints to that address stop and the address is gated
/// for retry-gate-closed-for (5 s), after which both ends associate afresh. It drops what those endpoints had not yet
/// delivered, system messages (remote watches) included — the reason Akka quarantines for good — so it is done only on a
/// young link, where the fault occurs and little depends on the link yet: this node or the member became Up less than
/// <see cref="YoungFor"/> ago. At most once per member incarnation; a member that is really dead gains nothing from it
/// and loses nothing either (its endpoints were failing anyway).</para>
/// </remarks>
public static class LinkResetPolicy
{
    public static readonly TimeSpan YoungFor = TimeSpan.FromSeconds(60);

    /// <param name="ownDetector">What this node's failure detector says of the member.</param>
    /// <param name="selfUpAt">When this node became Up; null while it is not.</param>
    /// <param name="memberUpAt">When this node saw the member become Up; null if it has not.</param>
    /// <param name="alreadyReset">Whether this node has reset its link with this incarnation of the member.</param>
    /// <param name="now">The clock.</param>
    public static bool ShouldReset(OwnDetection ownDetector, DateTime? selfUpAt, DateTime? memberUpAt, bool alreadyReset, DateTime now) =>
        ownDetector == OwnDetection.Unavailable && !alreadyReset && selfUpAt is { } self
        && (now - self < YoungFor || memberUpAt is { } member && now - member < YoungFor);
}
