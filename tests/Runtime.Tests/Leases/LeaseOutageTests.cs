using Microsoft.Extensions.Time.Testing;
using Tuner.Runtime.Leases;

namespace Tuner.Runtime.Tests.Leases;

public sealed class LeaseOutageTests
{
    [Fact]
    public void An_outage_is_said_at_its_first_failure_then_every_interval_and_its_end_once()
    {
        var clock = new FakeTimeProvider();
        var outage = new LeaseOutage(TimeSpan.FromSeconds(30), clock);
        Assert.Null(outage.Answered()); // no outage, nothing to say

        Assert.True(outage.Failed());
        for (var second = 1; second < 30; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.False(outage.Failed());
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(outage.Failed());
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(35), outage.Answered());
        Assert.Null(outage.Answered());

        Assert.True(outage.Failed()); // the next outage is said at once
    }
}
