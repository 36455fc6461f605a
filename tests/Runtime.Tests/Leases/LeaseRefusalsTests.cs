using Tuner.Runtime.Leases;
using static Tuner.Runtime.Leases.LeaseRefusals;

namespace Tuner.Runtime.Tests.Leases;

public sealed class LeaseRefusalsTests
{
    [Fact]
    public void A_run_of_refusals_is_said_once_at_its_start_and_once_more_when_it_outlasts_the_patience()
    {
        var clock = new ManualClock();
        var refusals = new LeaseRefusals(TimeSpan.FromSeconds(30), clock);
        Assert.Equal(Notice.First, refusals.Refused());
        for (var i = 0; i < 30; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(Notice.None, refusals.Refused()); // a hand-over waiting for its predecessor's row to expire: one line, not 30
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Notice.TooLong, refusals.Refused());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Notice.None, refusals.Refused()); // said once

        refusals.Taken();
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(Notice.First, refusals.Refused()); // a new run of refusals starts now
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(Notice.TooLong, refusals.Refused());
    }
}
