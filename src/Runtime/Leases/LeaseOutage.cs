namespace Tuner.Runtime.Leases;

/// <summary>When a database that does not answer lease requests deserves a log line. Akka asks again every second or so
/// while it holds no lease, and a line per try (Akka's own was an error with the driver's forty-line stack) buried
/// everything else during an outage: so it is said on the first failure, then every <paramref name="every"/> while the
/// outage lasts, and once when the database answers again.</summary>
public sealed class LeaseOutage(TimeSpan every, TimeProvider clock)
{
    private long? _since;
    private long _saidAt;

    /// <summary>Records a request the database did not answer; true when that deserves a line.</summary>
    public bool Failed()
    {
        var now = clock.GetTimestamp();
        if (_since is null)
        {
            (_since, _saidAt) = (now, now);
            return true;
        }
        if (clock.GetElapsedTime(_saidAt, now) < every) return false;
        _saidAt = now;
        return true;
    }

    /// <summary>The database answered: how long the outage lasted, or null when there was none.</summary>
    public TimeSpan? Answered()
    {
        if (_since is not { } since) return null;
        _since = null;
        return clock.GetElapsedTime(since);
    }
}
