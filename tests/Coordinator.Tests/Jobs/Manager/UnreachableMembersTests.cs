using Akka.Actor;
using Tuner.Coordinator.Jobs.Manager;
using Tuner.Runtime.Membership;

namespace Tuner.Coordinator.Tests.Jobs.Manager;

/// <summary>An unreachable member's attempts are requeued when this node does not hear it either, not on another node's word.</summary>
public sealed class UnreachableMembersTests
{
    private static readonly Address W1 = new("akka.tcp", "tuner", "10.0.0.1", 4053);
    private static readonly Address W2 = new("akka.tcp", "tuner", "10.0.0.2", 4053);

    [Theory]
    [InlineData(OwnDetection.Unavailable, true)]
    [InlineData(OwnDetection.NotMonitored, true)] // this node does not watch it: the cluster's view is all there is
    [InlineData(OwnDetection.Available, false)]
    public void A_member_is_given_up_at_once_unless_this_node_still_hears_it(OwnDetection own, bool requeueNow)
    {
        var members = new UnreachableMembers();
        Assert.Equal(requeueNow, members.Unreachable(W1, own));
        Assert.Equal(!requeueNow, members.AnyHeardHere);
    }

    [Fact]
    public void A_member_heard_here_is_given_up_once_this_node_stops_hearing_it_and_only_once()
    {
        var members = new UnreachableMembers();
        var heard = new Dictionary<Address, OwnDetection> { [W1] = OwnDetection.Available, [W2] = OwnDetection.Available };
        Assert.False(members.Unreachable(W1, heard[W1]));
        Assert.False(members.Unreachable(W2, heard[W2]));
        Assert.Empty(members.NoLongerHeard(a => heard[a]));

        heard[W2] = OwnDetection.Unavailable;
        Assert.Equal([W2], members.NoLongerHeard(a => heard[a]));
        Assert.Empty(members.NoLongerHeard(a => heard[a]));
        Assert.True(members.AnyHeardHere);
    }

    [Fact]
    public void A_member_reachable_again_or_removed_is_not_asked_about_any_more()
    {
        var members = new UnreachableMembers();
        members.Unreachable(W1, OwnDetection.Available);
        members.Unreachable(W2, OwnDetection.Available);
        members.Forget(W1);
        members.Forget(W2);
        Assert.False(members.AnyHeardHere);
        Assert.Empty(members.NoLongerHeard(_ => OwnDetection.Unavailable));
    }
}
