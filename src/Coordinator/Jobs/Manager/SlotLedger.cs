namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>Tells a worker slot's request that crossed an assignment from one that is really idle. A worker asks again
/// every interval for a slot that stays idle, so a repeat can pass the assignment on its way to that slot; taken at its
/// word, it would make the slot look idle while it trains, one trial too many would be decided, the worker would decline
/// it, and a search whose next choice depends on finished trials (Bayesian, TPE) would go differently from a run without
/// the crossing. So each request says how many assignments the slot has received, the ledger counts how many were given
/// to it, and a request that has not seen them all is stale — unless the last was given <see cref="LostAfter"/> ago or
/// longer: then that assignment was lost on the way, and the slot is idle after all.</summary>
/// <typeparam name="TWorker">A worker incarnation (its actor): a restarted worker counts from zero again.</typeparam>
public sealed class SlotLedger<TWorker>(TimeSpan lostAfter, TimeProvider clock) where TWorker : class
{
    private readonly Dictionary<(TWorker Worker, int Slot), (int Given, long At)> _given = [];

    public TimeSpan LostAfter { get; } = lostAfter;

    /// <summary>Whether a request for <paramref name="slot"/>, which has received <paramref name="received"/>
    /// assignments, means the slot is idle. A current request also brings the count up to the worker's (a coordinator
    /// that took over knows of no assignment before its own).</summary>
    public bool IsCurrent(TWorker worker, int slot, int received)
    {
        if (!_given.TryGetValue((worker, slot), out var given))
        {
            _given[(worker, slot)] = (received, clock.GetTimestamp());
            return true;
        }
        if (received < given.Given && clock.GetElapsedTime(given.At) < LostAfter) return false;
        _given[(worker, slot)] = (received, given.At);
        return true;
    }

    /// <summary>An assignment was given to <paramref name="slot"/> just now.</summary>
    public void Given(TWorker worker, int slot)
    {
        _given.TryGetValue((worker, slot), out var given);
        _given[(worker, slot)] = (given.Given + 1, clock.GetTimestamp());
    }

    /// <summary>Forgets the workers matching <paramref name="gone"/> (terminated, unreachable).</summary>
    public void RemoveWorkers(Func<TWorker, bool> gone)
    {
        foreach (var key in _given.Keys.Where(k => gone(k.Worker)).ToList()) _given.Remove(key);
    }
}
