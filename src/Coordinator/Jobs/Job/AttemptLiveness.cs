namespace Tuner.Coordinator.Jobs.Job;

/// <summary>Which running attempts have lost their worker, decided from what the job heard and when: the worker each
/// attempt runs on, the attempts still unconfirmed after a restart, and when each was last heard from. The job actor
/// tells it what happens and acts on its answers (watches, requeues); time comes from the injected clock.</summary>
/// <remarks>Akka.Remote loses messages only when an association drops, which the cluster reports (the job hears of
/// a terminated worker or an unreachable node); the silence rule is the net under anything else, e.g. an assignment
/// lost while both nodes stay up.</remarks>
/// <typeparam name="TWorker">How a worker is reached (an actor ref; anything in tests).</typeparam>
public sealed class AttemptLiveness<TWorker> where TWorker : class
{
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, TWorker> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _unconfirmed = new(StringComparer.Ordinal); // attempt → its worker's node, as journalled (null: not known)
    private readonly Dictionary<string, long> _lastHeard = new(StringComparer.Ordinal); // clock timestamps
    private long? _lastCheck;

    /// <param name="silenceTimeout">A running attempt not heard from for this long is silent (zero: never).</param>
    public AttemptLiveness(TimeSpan silenceTimeout, TimeProvider clock)
    {
        SilenceTimeout = silenceTimeout;
        _clock = clock;
    }

    public TimeSpan SilenceTimeout { get; }

    /// <summary>How often <see cref="Silent"/> is to be asked: a quarter of the timeout.</summary>
    public TimeSpan CheckInterval => SilenceTimeout / 4;

    /// <summary>Attempts running before a restart that have not reported in yet.</summary>
    public IReadOnlyCollection<string> Unconfirmed => _unconfirmed.Keys;

    /// <summary>The known worker of each attempt (an unconfirmed attempt has none until it reports in).</summary>
    public IReadOnlyDictionary<string, TWorker> Workers => _workers;

    /// <summary>The attempt went to <paramref name="worker"/> (null: not known) just now.</summary>
    public void Assigned(string attemptId, TWorker? worker)
    {
        if (worker is not null) _workers[attemptId] = worker;
        _lastHeard[attemptId] = _clock.GetTimestamp();
    }

    /// <summary>Attempts that were running before a restart: their workers are unknown until they report in, but the
    /// node each ran on is journalled (null when it is not known).</summary>
    public void AwaitReportsFrom(IEnumerable<(string AttemptId, string? WorkerNode)> attempts)
    {
        foreach (var (attemptId, node) in attempts) _unconfirmed[attemptId] = node;
    }

    /// <summary>Unconfirmed attempts whose worker's node is known to be gone (<paramref name="gone"/>: it left the cluster,
    /// was downed, or is unreachable): no report can come from there, so there is nothing to wait the lease for. Without
    /// this a worker that died while the job manager was away (its host killed) held its attempts for the whole lease
    /// after the job manager came back, and each further hand-over started the lease again.</summary>
    public IReadOnlyList<string> UnconfirmedOn(Func<string, bool> gone) =>
        [.. _unconfirmed.Where(a => a.Value is { } node && gone(node)).Select(a => a.Key)];

    /// <summary>A report about a current attempt arrived from <paramref name="worker"/> (null: not known).</summary>
    public Heard HeardFrom(string attemptId, TWorker? worker)
    {
        var confirmed = _unconfirmed.Remove(attemptId);
        var newWorker = worker is not null && (!_workers.TryGetValue(attemptId, out var known) || !known.Equals(worker));
        if (newWorker) _workers[attemptId] = worker!;
        _lastHeard[attemptId] = _clock.GetTimestamp();
        return new Heard(newWorker, confirmed);
    }

    /// <summary>What a report changed.</summary>
    /// <param name="NewWorker">The attempt's worker was not known (or changed): the job watches it.</param>
    /// <param name="ConfirmedAfterRestart">The attempt was unconfirmed after a restart and now is not.</param>
    public readonly record struct Heard(bool NewWorker, bool ConfirmedAfterRestart);

    /// <summary>Nothing more is expected of the attempt (it ended or is requeued). Returns its worker when no other
    /// attempt runs there, so the job may stop watching it.</summary>
    public TWorker? Forget(string attemptId)
    {
        _unconfirmed.Remove(attemptId);
        _lastHeard.Remove(attemptId);
        if (!_workers.Remove(attemptId, out var worker)) return null;
        return _workers.ContainsValue(worker) ? null : worker;
    }

    /// <summary>The attempts running on workers that <paramref name="lost"/> matches (terminated, on an unreachable node).</summary>
    public IReadOnlyList<string> AttemptsOn(Func<TWorker, bool> lost) =>
        [.. _workers.Where(w => lost(w.Value)).Select(w => w.Key)];

    /// <summary>The lease after a restart ran out: the attempts that never reported in (no longer awaited).</summary>
    public IReadOnlyList<string> LeaseExpired()
    {
        var silent = _unconfirmed.Keys.ToList();
        _unconfirmed.Clear();
        return silent;
    }

    /// <summary>The silence rule, asked every <see cref="CheckInterval"/>: the attempts not heard from for
    /// <see cref="SilenceTimeout"/>. A check that comes more than two intervals after the last means this node (or the
    /// job) was stalled, and the workers' messages may be waiting behind it: it is this node's silence, not theirs, so
    /// every attempt gets a full timeout again and none is silent.</summary>
    public IReadOnlyList<string> Silent()
    {
        var now = _clock.GetTimestamp();
        var stalled = _lastCheck is { } last && _clock.GetElapsedTime(last, now) > 2 * CheckInterval;
        _lastCheck = now;
        if (stalled)
        {
            foreach (var attemptId in _lastHeard.Keys.ToList()) _lastHeard[attemptId] = now;
            return [];
        }
        return [.. _lastHeard.Where(h => _clock.GetElapsedTime(h.Value, now) > SilenceTimeout).Select(h => h.Key)];
    }
}
