using Tuner.Runtime.Leases;

namespace Tuner.Runtime.Tests.Leases;

public sealed class LeaseRefusalsTests
{
    [Fact]
    public void Refusals_within_the_patience_are_routine_longer_ones_warn_once_until_the_lease_is_taken()
    {
        var clock = new ManualClock();
        var refusals = new LeaseRefusals(TimeSpan.FromSeconds(30), clock);
        for (var i = 0; i < 30; i++)
        {
            Assert.False(refusals.Refused()); // a hand-over waiting for its predecessor's row to expire
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(refusals.Refused());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(refusals.Refused()); // said once

        refusals.Taken();
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(refusals.Refused()); // a new run of refusals starts now
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(refusals.Refused());
    }
}
