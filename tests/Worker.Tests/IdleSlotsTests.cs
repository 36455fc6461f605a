using Microsoft.Extensions.Time.Testing;

namespace Tuner.Worker.Tests;

public sealed class IdleSlotsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);
    private readonly FakeTimeProvider _clock = new();
    private readonly bool[] _busy = new bool[3];
    private readonly IdleSlots _slots;

    public IdleSlotsTests() => _slots = new IdleSlots(3, Interval, _clock);

    private bool Idle(int slot) => !_busy[slot];

    [Fact]
    public void Idle_slots_are_asked_for_again_only_once_idle_a_whole_interval()
    {
        Assert.Equal([0, 1, 2], _slots.All);
        _clock.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Empty(_slots.Repeat(Idle));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([0, 1, 2], _slots.Repeat(Idle));
        _clock.Advance(Interval);
        Assert.Equal([0, 1, 2], _slots.Repeat(Idle)); // and every interval after, while idle
    }

    [Fact]
    public void A_busy_slot_is_not_asked_for_and_a_freed_one_waits_a_whole_interval_before_a_repeat()
    {
        _busy[0] = true;
        _clock.Advance(Interval);
        Assert.Equal([1, 2], _slots.Repeat(Idle));

        _clock.Advance(TimeSpan.FromMilliseconds(250));
        _busy[0] = false;
        _slots.Freed(0);              // asked for at once through TakeFreed; its repeat must not overtake that request's answer
        _clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal([1, 2], _slots.Repeat(Idle));
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal([0, 1, 2], _slots.Repeat(Idle));
    }

    [Fact]
    public void Slots_freed_while_a_request_waits_go_with_it_once_and_only_if_still_idle()
    {
        Assert.True(_slots.Freed(2));   // the first: queue a request
        Assert.False(_slots.Freed(0));  // joins the waiting one
        Assert.False(_slots.Freed(2));
        _busy[0] = true;                // filled meanwhile by the answer to a repeated request
        Assert.Equal([2], _slots.TakeFreed(Idle));
        Assert.Empty(_slots.TakeFreed(Idle));
        Assert.True(_slots.Freed(1));   // a new request again
    }
}
