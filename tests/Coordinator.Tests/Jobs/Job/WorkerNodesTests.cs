using Akka.Actor;
using Akka.Cluster;
using System.Collections.Immutable;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Coordinator.Tests.Support;
using Tuner.Runtime.Membership;

namespace Tuner.Coordinator.Tests.Jobs.Job;

public sealed class WorkerNodesTests
{
    private static readonly (string, int, MemberStatus)[] Members =
    [
        ("akka.tcp://tuner@10.0.0.1:4053", 11, MemberStatus.Up),
        ("akka.tcp://tuner@10.0.0.2:4053", 12, MemberStatus.Leaving),
        ("akka.tcp://tuner@10.0.0.3:4053", 13, MemberStatus.Down),
        ("akka.tcp://tuner@10.0.0.4:4053", 14, MemberStatus.Up),
    ];

    [Theory]
    [InlineData("akka.tcp://tuner@10.0.0.1:4053#11", false)] // up and reachable
    [InlineData("akka.tcp://tuner@10.0.0.2:4053#12", false)] // leaving: it hands its attempts back
    [InlineData("akka.tcp://tuner@10.0.0.3:4053#13", true)]  // downed
    [InlineData("akka.tcp://tuner@10.0.0.4:4053#14", true)]  // up but unreachable
    [InlineData("akka.tcp://tuner@10.0.0.9:4053#19", true)]  // no member: removed before this state was taken
    [InlineData("akka.tcp://tuner@10.0.0.1:4053#99", true)]  // restarted at the same address: the member there is a new incarnation
    [InlineData("akka.tcp://tuner@10.0.0.2:4053#99", true)]  // the same, whatever the new one's status
    [InlineData("akka.tcp://tuner@10.0.0.1:4053", false)]    // journalled without its incarnation (older journals): by address
    [InlineData("akka.tcp://tuner@10.0.0.3:4053", true)]
    [InlineData("akka.tcp://tuner@10.0.0.9:4053", true)]
    public void A_worker_node_is_gone_when_it_is_no_member_down_unreachable_or_replaced_by_a_new_incarnation(string node, bool gone) =>
        Assert.Equal(gone, WorkerNodes.Gone(node, Members, ["akka.tcp://tuner@10.0.0.4:4053"]));

    [Fact]
    public void An_unreachable_member_this_node_still_hears_is_not_gone()
    {
        var heard = new Address("akka.tcp", "tuner", "10.0.0.1", 4053);
        var silent = new Address("akka.tcp", "tuner", "10.0.0.2", 4053);
        var members = new[] { ClusterMembers.At(heard), ClusterMembers.At(silent) };
        var state = new ClusterEvent.CurrentClusterState(ImmutableSortedSet.Create(members), [.. members],
            ImmutableHashSet<Address>.Empty, null, ImmutableDictionary<string, Address>.Empty);

        var gone = WorkerNodes.Gone(state, a => a == heard ? OwnDetection.Available : OwnDetection.Unavailable);

        Assert.False(gone($"{heard}#1")); // unreachable to another node only (ClusterMembers.At: incarnation 1)
        Assert.True(gone($"{silent}#1"));
    }

    [Fact]
    public void A_node_is_journalled_with_its_incarnation_when_the_cluster_knows_it_and_by_address_otherwise()
    {
        var remote = new Address("akka.tcp", "tuner", "10.0.0.1", 4053);
        var self = new Address("akka.tcp", "tuner", "10.0.0.5", 4053);
        var worker = new RemoteWorkerRef(new RootActorPath(remote) / "user" / "worker");
        Assert.Equal("akka.tcp://tuner@10.0.0.1:4053#42", WorkerNodes.Of(worker, self, a => a == remote ? 42 : null));
        Assert.Equal("akka.tcp://tuner@10.0.0.1:4053", WorkerNodes.Of(worker, self, _ => null));
        Assert.True(WorkerNodes.IsAt("akka.tcp://tuner@10.0.0.1:4053#42", "akka.tcp://tuner@10.0.0.1:4053"));
        Assert.True(WorkerNodes.IsAt("akka.tcp://tuner@10.0.0.1:4053", "akka.tcp://tuner@10.0.0.1:4053"));
        Assert.False(WorkerNodes.IsAt("akka.tcp://tuner@10.0.0.1:4053#42", "akka.tcp://tuner@10.0.0.1:4054"));
    }

    /// <summary>Only the path matters to <see cref="WorkerNodes.Of(IActorRef, Address, Func{Address, int?})"/>.</summary>
    private sealed class RemoteWorkerRef(ActorPath path) : MinimalActorRef
    {
        public override ActorPath Path { get; } = path;
        public override IActorRefProvider Provider => throw new NotSupportedException();
    }
}
