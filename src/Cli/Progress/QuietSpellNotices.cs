using Serilog;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Progress;

/// <summary>Says, once each, what would otherwise explain a pause in the progress without a word: a lost stream (and its
/// return) and a spell with no trial running (and why). For output that cannot redraw a line of its own for them — log
/// lines, and a terminal that draws only the live view's first line (<c>TERM=dumb</c>).</summary>
internal sealed class QuietSpellNotices(IdleJobWatch idle, IdleReasonSource reasons, StreamOutage? outage)
{
    private bool _toldLost;

    /// <summary>Logs what changed since the last call; <paramref name="now"/> is on the clock the <see cref="IdleJobWatch"/> observes.</summary>
    public async Task TellAsync(JobSummary? last, TimeSpan now, CancellationToken cancellation)
    {
        if (outage?.DownFor is { } down && !_toldLost)
        {
            Log.Warning("{JobId}: lost the connection to the coordinator {DownSeconds:F0} s ago; reconnecting", last?.Id, down.TotalSeconds);
            _toldLost = true;
        }
        else if (_toldLost && outage?.DownFor is null)
        {
            Log.Information("{JobId}: reconnected to the coordinator", last?.Id);
            _toldLost = false;
        }
        // Said once per quiet spell, not every few seconds.
        if (last is not null && idle.TellOnce(now) is { } quiet)
            Log.Warning("{JobId}: no trial running for {IdleSeconds:F0} s: {Reason}", last.Id, quiet.TotalSeconds, await reasons.NowAsync(cancellation));
    }
}
