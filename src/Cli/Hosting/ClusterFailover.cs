using System.Globalization;
using Akka.Hosting;
using Tuner.Coordinator.Jobs;
using Tuner.Runtime.Configuration;
using Tuner.Runtime.Leases;

namespace Tuner.Cli.Hosting;

/// <summary>How the cluster decides who lives when nodes become unreachable, and how fast the job manager moves
/// after a coordinator dies. Every knob and why it has its value: docs/deploy.md, "Fail-over".
/// <list type="bullet">
/// <item>Split-brain resolver <b>lease-majority over the coordinators</b>: the side of a partition (or the survivors of a
/// crash) that takes a lease row in the journal's database lives, the other side downs itself. Whatever the number of
/// coordinators and whatever their addresses, a crashed coordinator's survivors take the lease; a side that cannot
/// reach the database could not run a job anyway. Workers take the lease only through a coordinator of their side.</item>
/// <item>The <b>job-manager singleton holds a lease</b> in the same table while it runs, and gives it up only once the
/// job manager has stopped: two job managers can never write the journal at once, whatever the timing, so the
/// hand-over needs no long removal margin.</item>
/// </list></summary>
public static class ClusterFailover
{
    /// <summary>How long membership must be stable before the resolver acts (Akka's default is 20 s; 10 s is its rule
    /// of thumb, log10(nodes) × 10, for up to 10 nodes). TUNER_SBR_STABLE_AFTER (e.g. "5s") overrides it.</summary>
    public static readonly TimeSpan DefaultStableAfter = TimeSpan.FromSeconds(10);

    /// <summary>How much longer than stable-after membership may keep changing before every node downs itself (Akka's
    /// default is ¾ of stable-after, 7.5 s here). A rolling restart on a busy node was seen flapping for ≈ 18 s (a restarting
    /// coordinator and a worker briefly unreachable to each other, which holds up the leaving node's exit): 20 s, 30 s in all,
    /// rides that out. A side that decides late cannot harm the journal: it can neither take the lease nor keep the job manager.</summary>
    public static readonly TimeSpan DownAllWhenUnstable = TimeSpan.FromSeconds(20);

    /// <summary>A lease row expires this long after its holder's last renewal (Akka's default: 120 s).</summary>
    public static readonly TimeSpan LeaseTimeToLive = TimeSpan.FromSeconds(15);

    /// <summary>A holder renews its lease this often; it gives the lease up itself two renewals before the row expires.</summary>
    public static readonly TimeSpan LeaseHeartbeat = TimeSpan.FromSeconds(3);

    /// <summary>How long one database call for a lease may take.</summary>
    public static readonly TimeSpan LeaseOperationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>After the previous job-manager host is removed, the wait before its successor tries the lease. The lease
    /// is the fence, so this only saves a retry; Akka would otherwise wait stable-after again.</summary>
    public static readonly TimeSpan RemovalMargin = TimeSpan.FromSeconds(1);

    /// <summary>How often a coordinator that is to host the job manager retries the lease (Akka's default: 5 s).</summary>
    public static readonly TimeSpan SingletonLeaseRetry = TimeSpan.FromSeconds(1);

    /// <summary>What a coordinator crash may cost with these defaults (issue 20's targets; measured in docs/benchmarks.md,
    /// ≈ 18-20 s): from the crash to the job manager running on a survivor, and to the job's next epoch.</summary>
    public static readonly TimeSpan JobManagerTarget = TimeSpan.FromSeconds(30), FirstEpochTarget = TimeSpan.FromSeconds(45);

    public const string ResolverLeasePath = "tuner.leases.split-brain-resolver";
    public const string JobManagerLeasePath = "tuner.leases.job-manager";

    /// <summary>The resolver and lease settings of a node; <paramref name="db"/> is the coordinator's database
    /// (null on a worker, which asks a coordinator's relay instead).</summary>
    public static string Hocon(DatabaseTarget? db, TimeSpan stableAfter)
    {
        var store = db is null
            ? "database-kind = \"\""
            : $"database-kind = {db.Kind}\n    connection-string = \"{Escape(db.ConnectionString)}\"";
        var lease = $"""
            lease-class = "{typeof(DatabaseLease).FullName}, {typeof(DatabaseLease).Assembly.GetName().Name}"
                heartbeat-timeout = {Seconds(LeaseTimeToLive)}
                heartbeat-interval = {Seconds(LeaseHeartbeat)}
                lease-operation-timeout = {Seconds(LeaseOperationTimeout)}
                coordinator-role = {JobManagerHosting.CoordinatorRole}
                {store}
            """;
        return $$"""
            akka.cluster {
              downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
              split-brain-resolver {
                active-strategy = lease-majority
                stable-after = {{Seconds(stableAfter)}}
                down-all-when-unstable = {{Seconds(DownAllWhenUnstable)}}
                lease-majority {
                  lease-implementation = "{{ResolverLeasePath}}"
                  lease-name = "tuner-split-brain-resolver"
                  role = "{{JobManagerHosting.CoordinatorRole}}"
                }
              }
              down-removal-margin = {{Seconds(RemovalMargin)}}
              singleton {
                use-lease = "{{JobManagerLeasePath}}"
                lease-retry-interval = {{Seconds(SingletonLeaseRetry)}}
              }
            }
            tuner.leases {
              split-brain-resolver {
                {{lease}}
              }
              job-manager {
                {{lease}}
                release-after-stopped = "/user/{{JobManagerHosting.Name}}/{{JobManagerHosting.Name}}"
              }
            }
            """;
    }

    /// <summary>stable-after: <see cref="DefaultStableAfter"/>, or TUNER_SBR_STABLE_AFTER (e.g. "5s").</summary>
    public static TimeSpan StableAfter(string? setting) =>
        setting is not null && DurationSetting.Parse(setting) is { } given && given > TimeSpan.Zero ? given : DefaultStableAfter;

    /// <summary>Starts the lease relay on a coordinator: workers take leases through it.</summary>
    public static AkkaConfigurationBuilder WithLeaseRelay(this AkkaConfigurationBuilder builder, DatabaseTarget db) =>
        builder.WithActors((system, _) => system.ActorOf(LeaseRelayActor.Props(new SqlLeaseStore(db), LeaseOperationTimeout), LeaseRelayActor.Name));

    private static string Seconds(TimeSpan value) => value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
