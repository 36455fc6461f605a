namespace Tuner.Cli.Hosting.Downing;

/// <summary>What <see cref="ChurnDowningPolicy.Decide"/> says of an unreachable member, and on which rule.</summary>
public enum DowningDecision
{
    /// <summary>Not now, or not this node's to decide.</summary>
    Keep,
    /// <summary>A worker this node does not hear either, decided by a coordinator Up long enough to trust its own links, or
    /// whose address refused this node's connection.</summary>
    WorkerAtOnce,
    /// <summary>A worker unreachable for stable-after that could not be downed at once (only others report it, or this node
    /// has just become Up).</summary>
    WorkerAfterStableAfter,
    /// <summary>A coordinator unreachable for stable-after, with a strict majority of the coordinators reachable.</summary>
    CoordinatorAfterStableAfter,
}
