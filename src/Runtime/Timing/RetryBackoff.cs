namespace Tuner.Runtime.Timing;

/// <summary>When to try again an operation that failed for a reason that may pass (a database restarting, a coordinator
/// moving): <see cref="First"/> after the first failure, twice as long after each further one up to
/// <see cref="Longest"/>, and no try later than <see cref="Window"/> after the first failure (and none once less than
/// <see cref="First"/> of it is left). Pure: the caller keeps the count and the clock.</summary>
/// <param name="First">The pause after the first failure.</param>
/// <param name="Longest">The longest pause between two tries.</param>
/// <param name="Window">How long after the first failure tries may go on (the last one at the window's end).</param>
public sealed record RetryBackoff(TimeSpan First, TimeSpan Longest, TimeSpan Window)
{
    /// <summary>The pause before the next try after failure number <paramref name="failures"/> (1: the first), the first
    /// failure having been <paramref name="sinceFirstFailure"/> ago; null when the window is over: give up.</summary>
    public TimeSpan? Delay(int failures, TimeSpan sinceFirstFailure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var left = Window - sinceFirstFailure;
        // Less than a first pause left: the try at the window's end has been made (a timer may fire a hair early). Waiting
        // for the sliver would round to no wait at all and spin on the failing operation until the window closed.
        if (left <= TimeSpan.Zero || left < First) return null;
        var pause = First;
        for (var i = 1; i < failures && pause < Longest; i++) pause *= 2;
        if (pause > Longest) pause = Longest;
        return pause < left ? pause : left;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="name"/> when a duration is not positive or
    /// the pauses do not fit the window.</summary>
    public RetryBackoff Validated(string name)
    {
        if (First <= TimeSpan.Zero || Longest < First || Window < TimeSpan.Zero)
            throw new ArgumentException($"{name}: need 0 < First <= Longest and Window >= 0, got First {First}, Longest {Longest}, Window {Window}");
        return this;
    }
}
