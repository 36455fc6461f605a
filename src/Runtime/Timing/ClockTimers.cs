using Akka.Actor;

namespace Tuner.Runtime.Timing;

/// <summary>Messages an actor tells itself on a <see cref="TimeProvider"/> — the clock its rules read — rather than on
/// Akka's scheduler, so a test's virtual clock drives both the timers and the rules. Disposed with the actor.</summary>
public sealed class ClockTimers(TimeProvider clock, IActorRef self) : IDisposable
{
    private readonly List<ITimer> _timers = [];

    /// <summary>Tells <paramref name="message"/> after <paramref name="due"/>, then every <paramref name="period"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: once).</summary>
    public void Start(object message, TimeSpan due, TimeSpan period) =>
        _timers.Add(clock.CreateTimer(_ => self.Tell(message), null, due, period));

    public void Dispose()
    {
        foreach (var timer in _timers) timer.Dispose();
        _timers.Clear();
    }
}
