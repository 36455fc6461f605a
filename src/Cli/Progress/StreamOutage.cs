namespace Tuner.Cli.Progress;

/// <summary>Whether a followed event stream is down, and since when: set by the follower (<c>tuner watch</c>), read by
/// the live view, so a view whose figures have stopped moving says why instead of looking frozen.</summary>
internal sealed class StreamOutage(TimeProvider clock)
{
    private long _since; // the timestamp the stream was lost at; 0 while it is up

    /// <summary>The stream ended or broke before the job did (kept from the first loss until an answer).</summary>
    public void Lost() => Interlocked.CompareExchange(ref _since, Math.Max(1, clock.GetTimestamp()), 0);

    /// <summary>A summary arrived: the stream is up.</summary>
    public void Answered() => Interlocked.Exchange(ref _since, 0);

    /// <summary>How long the stream has been down; null while it is up.</summary>
    public TimeSpan? DownFor => Interlocked.Read(ref _since) is var since and not 0 ? clock.GetElapsedTime(since) : null;
}
