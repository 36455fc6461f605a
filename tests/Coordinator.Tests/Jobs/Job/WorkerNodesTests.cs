using Akka.Cluster;
using Tuner.Coordinator.Jobs.Job;

namespace Tuner.Coordinator.Tests.Jobs.Job;

public sealed class WorkerNodesTests
{
    private static readonly (string, MemberStatus)[] Members =
    [
        ("akka.tcp://tuner@10.0.0.1:4053", MemberStatus.Up),
        ("akka.tcp://tuner@10.0.0.2:4053", MemberStatus.Leaving),
        ("akka.tcp://tuner@10.0.0.3:4053", MemberStatus.Down),
        ("akka.tcp://tuner@10.0.0.4:4053", MemberStatus.Up),
    ];

    [Theory]
    [InlineData("akka.tcp://tuner@10.0.0.1:4053", false)] // up and reachable
    [InlineData("akka.tcp://tuner@10.0.0.2:4053", false)] // leaving: it hands its attempts back
    [InlineData("akka.tcp://tuner@10.0.0.3:4053", true)]  // downed
    [InlineData("akka.tcp://tuner@10.0.0.4:4053", true)]  // up but unreachable
    [InlineData("akka.tcp://tuner@10.0.0.9:4053", true)]  // no member: removed before this state was taken
    public void A_worker_node_is_gone_when_it_is_no_member_down_or_unreachable(string node, bool gone) =>
        Assert.Equal(gone, WorkerNodes.Gone(node, Members, ["akka.tcp://tuner@10.0.0.4:4053"]));
}
