namespace Tuner.Cli.Client;

/// <summary>When a job's event stream that broke is opened again (and a submission whose answer was lost sent again):
/// after 1 s, 2 s, … at most 5 s apart, for as long as the stream has been down less than <paramref name="window"/>;
/// an answer resets it. The window is what lets <c>tuner
/// watch</c> ride out a coordinator fail-over (≈ 20 s to a running job manager after a SIGKILL at the default timings,
/// docs/deploy.md "Fail-over"; up to 45 s is the target) where a count of tries gave up after 15 s.</summary>
public sealed class ReconnectSchedule(TimeProvider clock, TimeSpan window)
{
    /// <summary>Two minutes: a fail-over at the default timings several times over, still short enough that a server
    /// really gone is reported while the user is watching.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    public TimeSpan Window => window;

    private long? _downSince;
    private int _tries;

    /// <summary>The stream answered: the next break starts a fresh window.</summary>
    public void Answered()
    {
        _downSince = null;
        _tries = 0;
    }

    /// <summary>The pause before the next try, or null when the stream has been down for the whole window.</summary>
    public TimeSpan? NextPause()
    {
        var now = clock.GetTimestamp();
        _downSince ??= now;
        if (clock.GetElapsedTime(_downSince.Value, now) >= window) return null;
        var pause = TimeSpan.FromSeconds(++_tries);
        return pause < LongestPause ? pause : LongestPause;
    }
}
