using Akka.Configuration;
using Akka.Coordination;
using Tuner.Cli.Hosting;
using Tuner.Runtime.Configuration;
using Tuner.Runtime.Leases;

namespace Tuner.Cli.Tests.Hosting;

/// <summary>The downing configuration every node gets: lease-majority over the coordinators, both leases resolvable
/// to <see cref="DatabaseLease"/> with their timings, the coordinator's database in a coordinator's config only.</summary>
public sealed class ClusterFailoverTests
{
    private static readonly DatabaseTarget Postgres = DatabaseTarget.Parse("Host=db;Database=tuner;Password=a\"b\\c");

    [Fact]
    public void Coordinators_decide_by_a_lease_in_their_database_and_fence_the_job_manager_with_another()
    {
        var config = ConfigurationFactory.ParseString(ClusterFailover.Hocon(Postgres, ClusterFailover.DefaultStableAfter));
        Assert.Equal("lease-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(10), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromSeconds(20), config.GetTimeSpan("akka.cluster.split-brain-resolver.down-all-when-unstable"));
        Assert.Equal("coordinator", config.GetString("akka.cluster.split-brain-resolver.lease-majority.role"));
        Assert.Equal(ClusterFailover.JobManagerLeasePath, config.GetString("akka.cluster.singleton.use-lease"));
        Assert.Equal(TimeSpan.FromSeconds(1), config.GetTimeSpan("akka.cluster.down-removal-margin"));

        foreach (var path in new[] { config.GetString("akka.cluster.split-brain-resolver.lease-majority.lease-implementation"), ClusterFailover.JobManagerLeasePath })
        {
            var lease = config.GetConfig(path);
            Assert.Equal(typeof(DatabaseLease), Type.GetType(lease.GetString("lease-class"), throwOnError: true));
            Assert.Equal("PostgreSql", lease.GetString("database-kind"));
            Assert.Equal(Postgres.ConnectionString, lease.GetString("connection-string")); // quotes and backslashes survive
            var timeouts = TimeoutSettings.Create(lease);
            Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15)), (timeouts.HeartbeatInterval, timeouts.HeartbeatTimeout));
        }
        Assert.Equal("/user/job-manager/job-manager", config.GetString(ClusterFailover.JobManagerLeasePath + ".release-after-stopped"));
    }

    [Fact]
    public void A_worker_gets_the_same_decision_rule_but_no_database()
    {
        var hocon = ClusterFailover.Hocon(db: null, ClusterFailover.DefaultStableAfter);
        var config = ConfigurationFactory.ParseString(hocon);
        Assert.Equal("lease-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("", config.GetString(ClusterFailover.ResolverLeasePath + ".database-kind"));
        Assert.DoesNotContain("connection-string", hocon);
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData("5s", 5)]
    [InlineData("2.5s", 2.5)]
    [InlineData("five", 10)]
    [InlineData("0s", 10)]
    public void Stable_after_is_10_s_unless_TUNER_SBR_STABLE_AFTER_says_otherwise(string? setting, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ClusterFailover.StableAfter(setting));
}
