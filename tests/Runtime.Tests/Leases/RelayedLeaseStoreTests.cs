using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Coordination;
using Tuner.Runtime.Configuration;
using Tuner.Runtime.Leases;
using Tuner.Runtime.Serialization;
using Tuner.Tests.Shared;

namespace Tuner.Runtime.Tests.Leases;

/// <summary>A node without the database takes leases through a coordinator's relay (every message serialized), and a node
/// that sees no coordinator gets no lease at all: workers alone can never win.</summary>
public sealed class RelayedLeaseStoreTests : IAsyncLifetime
{
    private readonly DatabaseTarget _db = TestDatabases.Create(TestDatabases.Sqlite);
    private readonly List<ActorSystem> _systems = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in _systems) await system.Terminate();
        TestDatabases.Delete(_db);
    }

    /// <summary>A one-node cluster with <paramref name="role"/>, Up.</summary>
    private async Task<ActorSystem> Member(string role)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = cluster
            akka.actor.serialize-messages = on
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.roles = [{{role}}]
            akka.loglevel = WARNING
            """).WithFallback(ConfigurationFactory.ParseString(SerializationConfig.Hocon));
        var system = ActorSystem.Create("tuner", config);
        _systems.Add(system);
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(20));
        // The store reads Cluster.State, which the cluster's read view updates after the member-up callback runs.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!cluster.State.Members.Any(m => m.Address == cluster.SelfAddress && m.Status == MemberStatus.Up))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Cluster.State never showed this node Up");
            await Task.Delay(10);
        }
        return system;
    }

    [Fact]
    public async Task Leases_go_through_a_reachable_coordinator_to_the_database()
    {
        var system = await Member("coordinator");
        system.ActorOf(LeaseRelayActor.Props(new SqlLeaseStore(_db), TimeSpan.FromSeconds(5)), LeaseRelayActor.Name);
        var relayed = new RelayedLeaseStore(system, "coordinator", TimeSpan.FromSeconds(5));

        Assert.True(await relayed.TryTakeAsync("sbr", "worker:1", TimeSpan.FromSeconds(30), default));
        Assert.False(await relayed.TryTakeAsync("sbr", "worker:2", TimeSpan.FromSeconds(30), default));
        Assert.Equal("worker:1", (await new SqlLeaseStore(_db).ReadAsync("sbr"))!.Value.Owner);
        await relayed.ReleaseAsync("sbr", "worker:1", default);
        Assert.True(await relayed.TryTakeAsync("sbr", "worker:2", TimeSpan.FromSeconds(30), default));
    }

    [Fact]
    public async Task A_node_that_sees_no_coordinator_gets_no_lease()
    {
        var system = await Member("worker");
        var relayed = new RelayedLeaseStore(system, "coordinator", TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<LeaseException>(() => relayed.TryTakeAsync("sbr", "worker:1", TimeSpan.FromSeconds(30), default));
        Assert.Contains("no coordinator is reachable", error.Message);
    }
}
