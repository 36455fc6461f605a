using Akka.Cluster;
using Tuner.Cli.Hosting.Downing;
using Tuner.Cli.Hosting.Links;
using Tuner.Runtime.Membership;

namespace Tuner.Cli.Tests.Hosting;

public sealed class ChurnDowningPolicyTests
{
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(10);

    private static NodeView Coordinator(int port, int ageRank, bool reachable = true, MemberStatus status = MemberStatus.Up) => new($"akka.tcp://tuner@127.0.0.1:{port}", true, false, status, reachable, ageRank);

    private static NodeView Worker(int port, int ageRank, bool reachable = true, MemberStatus status = MemberStatus.Up) => new($"akka.tcp://tuner@127.0.0.1:{port}", false, true, status, reachable, ageRank);

    private static bool ShouldDown(NodeView unreachable, NodeView self, NodeView[] members, double unreachableForSeconds = 0, OwnDetection own = OwnDetection.Unavailable,
        double selfUpForSeconds = 3_600, bool refused = false) =>
        ChurnDowningPolicy.ShouldDown(unreachable, own, refused, TimeSpan.FromSeconds(unreachableForSeconds), TimeSpan.FromSeconds(selfUpForSeconds), self, members, StableAfter);

    [Fact]
    public void The_oldest_reachable_coordinator_downs_an_unreachable_worker_at_once_and_no_one_else_does()
    {
        NodeView old = Coordinator(4001, 1), young = Coordinator(4002, 2), dead = Worker(5001, 3, reachable: false), alive = Worker(5002, 4);
        NodeView[] all = [old, young, dead, alive];
        Assert.True(ShouldDown(dead, old, all));
        Assert.False(ShouldDown(dead, young, all));
        Assert.False(ShouldDown(dead, alive, all));
    }

    [Fact]
    public void A_worker_only_other_nodes_have_stopped_hearing_is_downed_after_stable_after_not_at_once()
    {
        // One broken link (another node's), while the deciding coordinator still hears the worker: the link gets time to be reset.
        NodeView old = Coordinator(4001, 1), young = Coordinator(4002, 2), worker = Worker(5001, 3, reachable: false);
        NodeView[] all = [old, young, worker];
        Assert.False(ShouldDown(worker, old, all, unreachableForSeconds: 0, own: OwnDetection.Available));
        Assert.False(ShouldDown(worker, old, all, unreachableForSeconds: 9.9, own: OwnDetection.Available));
        Assert.True(ShouldDown(worker, old, all, unreachableForSeconds: 10, own: OwnDetection.Available));
        // A worker the decider does not watch is judged by the others' reports, at once.
        Assert.True(ShouldDown(worker, old, all, unreachableForSeconds: 0, own: OwnDetection.NotMonitored));
    }

    [Fact]
    public void A_coordinator_just_become_up_downs_a_worker_it_does_not_hear_only_after_stable_after()
    {
        // Its own links may be the broken ones (restarted at its old address): the worker may be healthy.
        NodeView fresh = Coordinator(4001, 1), worker = Worker(5001, 2, reachable: false);
        NodeView[] all = [fresh, worker];
        var young = LinkResetPolicy.YoungFor.TotalSeconds - 1;
        Assert.False(ShouldDown(worker, fresh, all, unreachableForSeconds: 9.9, selfUpForSeconds: young));
        Assert.True(ShouldDown(worker, fresh, all, unreachableForSeconds: 10, selfUpForSeconds: young));
        Assert.True(ShouldDown(worker, fresh, all, unreachableForSeconds: 0, selfUpForSeconds: LinkResetPolicy.YoungFor.TotalSeconds));
    }

    [Fact]
    public void A_coordinator_just_become_up_downs_a_worker_at_once_when_the_workers_address_refuses_connections()
    {
        // Nothing listens at the worker's address: it is gone, whatever this node's links. Workers dying every few seconds in
        // a coordinator's first minute must not each wait stable-after (one would always be unreachable and not yet down).
        NodeView fresh = Coordinator(4001, 1), other = Coordinator(4002, 2), worker = Worker(5001, 3, reachable: false);
        NodeView[] all = [fresh, other, worker];
        var young = LinkResetPolicy.YoungFor.TotalSeconds - 1;
        Assert.True(ShouldDown(worker, fresh, all, unreachableForSeconds: 0, selfUpForSeconds: young, refused: true));
        Assert.Equal(DowningDecision.WorkerAtOnce, ChurnDowningPolicy.Decide(worker, OwnDetection.Unavailable, refused: true, TimeSpan.Zero,
            TimeSpan.FromSeconds(young), fresh, all, StableAfter));
        // Not when this node still hears the worker (a refusal then is stale), and never by a coordinator that does not decide.
        Assert.False(ShouldDown(worker, fresh, all, unreachableForSeconds: 0, own: OwnDetection.Available, selfUpForSeconds: young, refused: true));
        Assert.False(ShouldDown(worker, other, all, unreachableForSeconds: 0, selfUpForSeconds: young, refused: true));
        // A coordinator is not a worker: a refusal does not shorten its stable-after.
        NodeView deadCoordinator = Coordinator(4003, 0, reachable: false);
        Assert.False(ShouldDown(deadCoordinator, fresh, [deadCoordinator, fresh, other], unreachableForSeconds: 0, refused: true));
    }

    [Fact]
    public void When_the_oldest_coordinator_is_unreachable_too_the_next_one_decides()
    {
        NodeView old = Coordinator(4001, 1, reachable: false), young = Coordinator(4002, 2), dead = Worker(5001, 3, reachable: false);
        Assert.True(ShouldDown(dead, young, [old, young, dead]));
    }

    [Fact]
    public void An_unreachable_coordinator_is_downed_after_stable_after_of_its_own_when_a_majority_of_coordinators_is_reachable()
    {
        NodeView a = Coordinator(4001, 1), dead = Coordinator(4002, 2, reachable: false), c = Coordinator(4003, 3), w = Worker(5001, 4);
        NodeView[] all = [a, dead, c, w];
        Assert.False(ShouldDown(dead, a, all, unreachableForSeconds: 9.9)); // the resolver's wait, counted for this member alone
        Assert.True(ShouldDown(dead, a, all, unreachableForSeconds: 10));
        Assert.False(ShouldDown(dead, c, all, unreachableForSeconds: 60)); // only the oldest reachable coordinator decides
    }

    [Fact]
    public void Without_a_strict_majority_of_the_coordinators_a_coordinator_is_left_to_the_resolver_and_its_lease()
    {
        // Two coordinators, one unreachable: a tie, which both sides of a partition would see.
        NodeView a = Coordinator(4001, 1), b = Coordinator(4002, 2, reachable: false);
        Assert.False(ShouldDown(b, a, [a, b], unreachableForSeconds: 60));
        Assert.False(ShouldDown(a with { Reachable = false }, b with { Reachable = true }, [a with { Reachable = false }, b with { Reachable = true }], unreachableForSeconds: 60));
        // The minority side of a 1 + 2 partition does not act; the majority side does.
        NodeView x = Coordinator(4001, 1), y = Coordinator(4002, 2, reachable: false), z = Coordinator(4003, 3, reachable: false);
        Assert.False(ShouldDown(y, x, [x, y, z], unreachableForSeconds: 60));
        NodeView xSeenByY = x with { Reachable = false }, ySelf = y with { Reachable = true }, zSeenByY = z with { Reachable = true };
        Assert.True(ShouldDown(xSeenByY, ySelf, [xSeenByY, ySelf, zSeenByY], unreachableForSeconds: 60));
    }

    [Fact]
    public void A_downed_or_reachable_member_is_not_downed()
    {
        NodeView old = Coordinator(4001, 1), young = Coordinator(4002, 2), third = Coordinator(4003, 3),
            down = Worker(5001, 4, reachable: false, status: MemberStatus.Down), downCoordinator = Coordinator(4004, 5, reachable: false, status: MemberStatus.Down), alive = Worker(5002, 6);
        NodeView[] all = [old, young, third, down, downCoordinator, alive];
        Assert.False(ShouldDown(down, old, all, unreachableForSeconds: 60));
        Assert.False(ShouldDown(downCoordinator, old, all, unreachableForSeconds: 60));
        Assert.False(ShouldDown(alive, old, all, unreachableForSeconds: 60));
        Assert.False(ShouldDown(young, old, all, unreachableForSeconds: 60));
    }
}
