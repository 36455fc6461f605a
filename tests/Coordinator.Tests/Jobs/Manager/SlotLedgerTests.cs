using Microsoft.Extensions.Time.Testing;
using Tuner.Coordinator.Jobs.Manager;

namespace Tuner.Coordinator.Tests.Jobs.Manager;

/// <summary>Requests that crossed an assignment are told from idle slots, on a virtual clock.</summary>
public sealed class SlotLedgerTests
{
    private sealed record Worker(string Name);

    private static readonly Worker W1 = new("w1");
    private static readonly Worker W2 = new("w2");
    private static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_repeat_that_crossed_the_assignment_to_its_slot_is_stale_and_the_next_request_after_it_is_current()
    {
        var clock = new FakeTimeProvider();
        var ledger = new SlotLedger<Worker>(LostAfter, clock);
        Assert.True(ledger.IsCurrent(W1, 0, received: 0));
        ledger.Given(W1, 0);
        // The worker repeated its request before the assignment reached it.
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(ledger.IsCurrent(W1, 0, received: 0));
        // The slot ran the attempt and asks again, having received it.
        Assert.True(ledger.IsCurrent(W1, 0, received: 1));
        // Other slots and workers are counted apart.
        Assert.True(ledger.IsCurrent(W1, 1, received: 0));
        Assert.True(ledger.IsCurrent(W2, 0, received: 0));
    }

    [Fact]
    public void An_assignment_not_received_within_the_time_it_may_take_counts_as_lost()
    {
        var clock = new FakeTimeProvider();
        var ledger = new SlotLedger<Worker>(LostAfter, clock);
        ledger.IsCurrent(W1, 0, received: 4);
        ledger.Given(W1, 0);
        clock.Advance(LostAfter - TimeSpan.FromMilliseconds(1));
        Assert.False(ledger.IsCurrent(W1, 0, received: 4));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(ledger.IsCurrent(W1, 0, received: 4));
        // Counted from the worker's figure again: the next assignment is awaited as the fifth.
        ledger.Given(W1, 0);
        Assert.False(ledger.IsCurrent(W1, 0, received: 4));
        Assert.True(ledger.IsCurrent(W1, 0, received: 5));
    }

    [Fact]
    public void A_coordinator_that_took_over_takes_the_workers_count_and_a_forgotten_worker_starts_afresh()
    {
        var clock = new FakeTimeProvider();
        var ledger = new SlotLedger<Worker>(LostAfter, clock);
        Assert.True(ledger.IsCurrent(W1, 0, received: 57));
        ledger.Given(W1, 0);
        Assert.False(ledger.IsCurrent(W1, 0, received: 57));
        ledger.RemoveWorkers(w => w == W1);
        Assert.True(ledger.IsCurrent(W1, 0, received: 0));
    }
}
