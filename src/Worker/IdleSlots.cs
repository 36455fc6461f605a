namespace Tuner.Worker;

/// <summary>When a worker asks for work for its idle slots: a slot is asked for at once when it becomes idle (slots
/// freed while that request waits go with it), and again every interval while it stays idle — only a slot idle a whole
/// interval, so a repeated request never overtakes an assignment on its way to a slot just asked for. Time comes from
/// the injected clock; which slots are busy, the worker actor says.</summary>
public sealed class IdleSlots
{
    private readonly TimeProvider _clock;
    private readonly long[] _idleSince; // clock timestamps
    private readonly List<int> _freed = [];

    /// <summary>All <paramref name="slots"/> slots idle from now.</summary>
    public IdleSlots(int slots, TimeSpan interval, TimeProvider clock)
    {
        _clock = clock;
        Interval = interval;
        _idleSince = new long[slots];
        Array.Fill(_idleSince, clock.GetTimestamp());
    }

    /// <summary>How often slots that stay idle are asked for again.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Every slot, for the first request.</summary>
    public IReadOnlyList<int> All => [.. Enumerable.Range(0, _idleSince.Length)];

    /// <summary><paramref name="slot"/> became idle just now. True when no request is waiting to go out yet: the caller
    /// queues one, and slots freed until it goes (<see cref="TakeFreed"/>) go with it.</summary>
    public bool Freed(int slot)
    {
        _idleSince[slot] = _clock.GetTimestamp();
        _freed.Add(slot);
        return _freed.Count == 1;
    }

    /// <summary>The slots freed since the last call that are still <paramref name="idle"/> (a repeated request answered
    /// meanwhile may have filled one), each once.</summary>
    public IReadOnlyList<int> TakeFreed(Func<int, bool> idle)
    {
        var slots = _freed.Distinct().Where(idle).ToList();
        _freed.Clear();
        return slots;
    }

    /// <summary>The <paramref name="idle"/> slots that have been idle a whole <see cref="Interval"/>, to ask for again.</summary>
    public IReadOnlyList<int> Repeat(Func<int, bool> idle)
    {
        var now = _clock.GetTimestamp();
        var slots = new List<int>();
        for (var slot = 0; slot < _idleSince.Length; slot++)
            if (idle(slot) && _clock.GetElapsedTime(_idleSince[slot], now) >= Interval) slots.Add(slot);
        return slots;
    }
}
