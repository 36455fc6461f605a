using Tuner.Runtime.Leases;

namespace Tuner.Runtime.Tests.Leases;

/// <summary>A holder trusts its lease from the moment it sent the successful take, for the time to live less the safety
/// margin, so it always gives the lease up before the database would let anyone else take it.</summary>
public sealed class LeaseHoldingTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(15), Margin = TimeSpan.FromSeconds(6);

    [Fact]
    public void A_take_is_trusted_from_when_it_was_sent_until_the_margin_before_expiry()
    {
        var clock = new ManualClock();
        var holding = new LeaseHolding(Ttl, Margin, clock);
        Assert.False(holding.IsHeld);

        var sent = holding.Now();
        clock.Advance(TimeSpan.FromSeconds(2)); // the database answered 2 s later
        holding.Taken(sent);
        Assert.True(holding.IsHeld);
        Assert.Equal(TimeSpan.FromSeconds(7), holding.Remaining); // 15 - 6 from the send, 2 s of which are gone

        clock.Advance(TimeSpan.FromSeconds(6.9));
        Assert.True(holding.IsHeld);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(holding.IsHeld);
        Assert.Equal(TimeSpan.Zero, holding.Remaining);
    }

    [Fact]
    public void A_renewal_extends_and_a_late_answer_to_an_older_take_never_shortens()
    {
        var clock = new ManualClock();
        var holding = new LeaseHolding(Ttl, Margin, clock);
        var first = holding.Now();
        clock.Advance(TimeSpan.FromSeconds(3));
        var second = holding.Now();
        holding.Taken(second);
        holding.Taken(first); // answered out of order
        Assert.Equal(TimeSpan.FromSeconds(9), holding.Remaining);
    }

    [Fact]
    public void Dropped_is_not_held_and_a_margin_as_long_as_the_lease_is_refused()
    {
        var clock = new ManualClock();
        var holding = new LeaseHolding(Ttl, Margin, clock);
        holding.Taken(holding.Now());
        holding.Dropped();
        Assert.False(holding.IsHeld);
        Assert.Throws<ArgumentException>(() => new LeaseHolding(Ttl, Ttl, clock));
    }
}
