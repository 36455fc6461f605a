namespace Tuner.Runtime.Leases;

/// <summary>When a lease that keeps being refused deserves a warning. A refusal is routine for a while: a new job-manager
/// host retries until its predecessor's row expires (at most one time to live after the predecessor's last renewal).
/// Refused for longer than <paramref name="patience"/> without a break, someone alive holds it — in practice another
/// cluster using the same database, whose coordinator this one never sees: then say so, once, until the lease is taken.</summary>
public sealed class LeaseRefusals(TimeSpan patience, TimeProvider clock)
{
    private long? _since;
    private bool _warned;

    /// <summary>Records a refusal; true the first time refusals have lasted longer than the patience.</summary>
    public bool Refused()
    {
        var now = clock.GetTimestamp();
        _since ??= now;
        if (_warned || clock.GetElapsedTime(_since.Value, now) <= patience) return false;
        _warned = true;
        return true;
    }

    /// <summary>The lease was taken: refusals start afresh.</summary>
    public void Taken() => (_since, _warned) = (null, false);
}
