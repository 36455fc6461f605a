using Akka.Actor;

namespace Tuner.Runtime.Membership;

/// <summary>What this node's own failure detector says of a member — not the cluster's view, which merges every node's
/// reports: it hears the member's heartbeats, it has stopped hearing them, or it does not watch that member (each node
/// watches a bounded number of others).</summary>
public enum OwnDetection
{
    NotMonitored,
    Available,
    Unavailable,
}

public static class OwnDetectionExtensions
{
    public static OwnDetection OwnDetectionOf(this Akka.Cluster.Cluster cluster, Address member)
    {
        var detector = cluster.FailureDetector;
        if (!detector.IsMonitoring(member)) return OwnDetection.NotMonitored;
        return detector.IsAvailable(member) ? OwnDetection.Available : OwnDetection.Unavailable;
    }
}
