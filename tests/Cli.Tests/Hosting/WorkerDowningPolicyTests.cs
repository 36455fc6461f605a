using Akka.Cluster;
using Tuner.Cli.Hosting.Downing;

namespace Tuner.Cli.Tests.Hosting;

public sealed class WorkerDowningPolicyTests
{
    private static NodeView Coordinator(int port, int ageRank, bool reachable = true) => new($"akka.tcp://tuner@127.0.0.1:{port}", true, false, MemberStatus.Up, reachable, ageRank);

    private static NodeView Worker(int port, int ageRank, bool reachable = true, MemberStatus status = MemberStatus.Up) => new($"akka.tcp://tuner@127.0.0.1:{port}", false, true, status, reachable, ageRank);

    [Fact]
    public void The_oldest_reachable_coordinator_downs_an_unreachable_worker_and_no_one_else_does()
    {
        NodeView old = Coordinator(4001, 1), young = Coordinator(4002, 2), dead = Worker(5001, 3, reachable: false), alive = Worker(5002, 4);
        NodeView[] all = [old, young, dead, alive];
        Assert.True(WorkerDowningPolicy.ShouldDown(dead, old, all));
        Assert.False(WorkerDowningPolicy.ShouldDown(dead, young, all));
        Assert.False(WorkerDowningPolicy.ShouldDown(dead, alive, all));
    }

    [Fact]
    public void When_the_oldest_coordinator_is_unreachable_too_the_next_one_decides()
    {
        NodeView old = Coordinator(4001, 1, reachable: false), young = Coordinator(4002, 2), dead = Worker(5001, 3, reachable: false);
        Assert.True(WorkerDowningPolicy.ShouldDown(dead, young, [old, young, dead]));
    }

    [Fact]
    public void A_coordinator_is_left_to_the_split_brain_resolver_and_a_downed_worker_is_not_downed_again()
    {
        NodeView old = Coordinator(4001, 1), young = Coordinator(4002, 2, reachable: false), down = Worker(5001, 3, reachable: false, status: MemberStatus.Down);
        Assert.False(WorkerDowningPolicy.ShouldDown(young, old, [old, young]));
        Assert.False(WorkerDowningPolicy.ShouldDown(down, old, [old, young, down]));
    }
}
