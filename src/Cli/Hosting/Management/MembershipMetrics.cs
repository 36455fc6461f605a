using Akka.Actor;
using Akka.Cluster;
using Tuner.Runtime.Membership;
using Tuner.Runtime.Metrics;

namespace Tuner.Cli.Hosting.Management;

/// <summary>The cluster's membership as this node sees it, read when Prometheus scrapes (the cluster's state is an
/// immutable snapshot, safe to read from the scrape's thread).</summary>
internal static class MembershipMetrics
{
    private static readonly string[] Statuses = Enum.GetNames<MemberStatus>().Select(s => s.ToLowerInvariant()).ToArray();

    public static void Register(ActorSystem system)
    {
        if (!system.IsCluster()) return;
        var cluster = Cluster.Get(system);
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            var members = cluster.State.Members;
            foreach (var role in new[] { Tuner.Coordinator.Jobs.JobManagerHosting.CoordinatorRole, Downing.ChurnDowningPolicy.WorkerRole })
                foreach (var status in Statuses)
                    TunerMetrics.ClusterMembers.WithLabels(role, status).Set(0);
            int workers = 0;
            foreach (var member in members)
            {
                var status = member.Status.ToString().ToLowerInvariant();
                foreach (var role in member.Roles) TunerMetrics.ClusterMembers.WithLabels(role, status).Inc();
                if (member.Status == MemberStatus.Up && member.HasRole(Downing.ChurnDowningPolicy.WorkerRole)) workers++;
            }
            TunerMetrics.Workers.Set(workers);
        });
    }
}
