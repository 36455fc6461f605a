namespace Tuner.Cli.Hosting.Orphans;

/// <summary>Whether a worker should leave a cluster that has no coordinator left. The last coordinator leaving gracefully
/// (a restart, an upgrade) downs nobody, so the worker would stay Up in a cluster of workers for ever; and a coordinator
/// that starts again forms a new cluster (its seeds and contact points are coordinators), which this one never joins.
/// Leaving ends the worker's process, and its restart (Kubernetes, a supervisor, the user) joins the new cluster, as
/// after a coordinator's crash, where the split-brain resolver downs the workers.</summary>
public static class OrphanedWorkerPolicy
{
    /// <param name="selfUp">This worker is an Up member (one still joining waits for a coordinator by design).</param>
    /// <param name="sawCoordinator">A coordinator has been a member of this worker's cluster.</param>
    /// <param name="coordinators">Coordinators among the members now, in any status short of removed.</param>
    public static bool ShouldLeave(bool selfUp, bool sawCoordinator, int coordinators) => selfUp && sawCoordinator && coordinators == 0;
}
