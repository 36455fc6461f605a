namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Holds back what must not happen before the journal has the events it rests on — replies,
/// acknowledgements, assignments — and runs it, in order, once those writes are durable. Counts writes issued and
/// writes confirmed; knows nothing of actors, so it is tested on its own.</summary>
/// <remarks>The job applies events at once and persists them asynchronously (so the next command already sees the
/// decision and many writes are in flight, which the journal batches). Not Akka's <c>DeferAsync</c>: a deferred
/// handler travels to the journal as a message of its own, and in a write batch without events
/// Akka.Persistence.Sql's <c>WriteMessagesAsync</c> fails on the empty batch — ten such failures open the journal's
/// circuit breaker and every write (the job manager's too) fails until it closes.</remarks>
public sealed class WriteBarrier
{
    private readonly Queue<(long Upto, Action Action)> _waiting = new();
    private long _issued;
    private long _durable;

    /// <summary>True when every write issued so far is durable.</summary>
    public bool CaughtUp => _issued == _durable;

    /// <summary>Runs <paramref name="action"/> now when every write issued so far is durable, else once they are;
    /// either way after the actions queued before it.</summary>
    public void AfterWrites(Action action)
    {
        // Not at once while actions are waiting: an action run by Durable that queues another must not overtake the rest.
        if (CaughtUp && _waiting.Count == 0) action();
        else _waiting.Enqueue((_issued, action));
    }

    /// <summary>One more write is issued; <paramref name="whenDurable"/> runs once it (and every write before it) is durable.</summary>
    public void Issued(Action whenDurable)
    {
        _issued++;
        _waiting.Enqueue((_issued, whenDurable));
    }

    /// <summary>The oldest write in flight is durable (the journal confirms writes in order): runs the actions that
    /// waited for it, in the order they were queued.</summary>
    public void Durable()
    {
        if (CaughtUp) throw new InvalidOperationException("no write in flight");
        _durable++;
        while (_waiting.TryPeek(out var next) && next.Upto <= _durable)
        {
            _waiting.Dequeue();
            next.Action();
        }
    }
}
