namespace Tuner.Runtime.Leases;

/// <summary>What a lease that keeps being refused deserves to have said. A refusal is routine for a while: a new
/// job-manager host retries every second until its predecessor's row expires (at most one time to live after the
/// predecessor's last renewal), so the first refusal of a run is said, and the rest are not. Refused for longer than
/// <paramref name="patience"/> without a break, someone alive holds it — in practice another cluster using the same
/// database, whose coordinator this one never sees: then that is said, once, until the lease is taken.</summary>
public sealed class LeaseRefusals(TimeSpan patience, TimeProvider clock)
{
    private long? _since;
    private bool _warned;

    /// <summary>What to say of a refusal.</summary>
    public enum Notice
    {
        /// <summary>Nothing: a refusal like the one before.</summary>
        None,
        /// <summary>The first of a run of refusals.</summary>
        First,
        /// <summary>Refusals have lasted longer than the patience (said once per run).</summary>
        TooLong,
    }

    /// <summary>Records a refusal and says what it deserves.</summary>
    public Notice Refused()
    {
        var now = clock.GetTimestamp();
        if (_since is null)
        {
            _since = now;
            return Notice.First;
        }
        if (_warned || clock.GetElapsedTime(_since.Value, now) <= patience) return Notice.None;
        _warned = true;
        return Notice.TooLong;
    }

    /// <summary>The lease was taken: refusals start afresh.</summary>
    public void Taken() => (_since, _warned) = (null, false);
}
