using Tuner.Cli.Hosting.Links;
using Tuner.Runtime.Membership;

namespace Tuner.Cli.Tests.Hosting;

public sealed class LinkResetPolicyTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    private static DateTime Ago(double seconds) => Now - TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_link_this_node_stopped_hearing_soon_after_either_end_became_up_is_reset_once()
    {
        // This node just (re)joined: every member it does not hear.
        Assert.True(LinkResetPolicy.ShouldReset(OwnDetection.Unavailable, selfUpAt: Ago(5), memberUpAt: Ago(3_600), alreadyReset: false, Now));
        // The member just (re)joined, this node is old.
        Assert.True(LinkResetPolicy.ShouldReset(OwnDetection.Unavailable, selfUpAt: Ago(3_600), memberUpAt: Ago(5), alreadyReset: false, Now));
        Assert.False(LinkResetPolicy.ShouldReset(OwnDetection.Unavailable, selfUpAt: Ago(5), memberUpAt: Ago(5), alreadyReset: true, Now));
    }

    [Fact]
    public void An_established_link_a_heard_member_or_a_node_not_up_is_left_alone()
    {
        var old = Ago(LinkResetPolicy.YoungFor.TotalSeconds);
        // Both ends Up for YoungFor: the link may carry remote watches a reset would drop.
        Assert.False(LinkResetPolicy.ShouldReset(OwnDetection.Unavailable, selfUpAt: old, memberUpAt: old, alreadyReset: false, Now));
        Assert.False(LinkResetPolicy.ShouldReset(OwnDetection.Unavailable, selfUpAt: old, memberUpAt: null, alreadyReset: false, Now));
        // Only other nodes report it, or this node does not watch it: nothing wrong with this node's link.
        Assert.False(LinkResetPolicy.ShouldReset(OwnDetection.Available, selfUpAt: Ago(5), memberUpAt: Ago(5), alreadyReset: false, Now));
        Assert.False(LinkResetPolicy.ShouldReset(OwnDetection.NotMonitored, selfUpAt: Ago(5), memberUpAt: Ago(5), alreadyReset: false, Now));
        // This node is not Up yet.
        Assert.False(LinkResetPolicy.ShouldReset(OwnDetection.Unavailable, selfUpAt: null, memberUpAt: Ago(5), alreadyReset: false, Now));
    }
}
