using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Progress;

/// <summary>Whether a running job has had nothing training for a while: no trial running in any summary since a
/// moment. On a cluster that means no worker slot is free for it — no worker has joined, or other jobs hold every slot —
/// which a progress bar standing at 0 does not say (<see cref="IdleReason"/> says which). Pure: times are given.</summary>
internal sealed class IdleJobWatch
{
    /// <summary>How long nothing must run before it is said: longer than a worker takes to pick up work and than the
    /// pause between a Hyperband round's last result and the next round's first trial.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(10);

    private TimeSpan? _idleSince;
    private bool _spellTold;

    /// <summary>Takes the summary seen at <paramref name="now"/> (time since any fixed origin).</summary>
    public void Observe(TimeSpan now, JobSummary summary)
    {
        // A recovering job's summary lists no trials yet: its figures are not known, so it says nothing about slots.
        if (summary.IsFinal || summary.Status == JobStatuses.Recovering || summary.Running.Count > 0) (_idleSince, _spellTold) = (null, false);
        else _idleSince ??= now;
    }

    /// <summary>How long nothing has run, once that is at least <see cref="Threshold"/>; otherwise null.</summary>
    public TimeSpan? IdleFor(TimeSpan now) => _idleSince is { } since && now - since >= Threshold ? now - since : null;

    /// <summary><see cref="IdleFor"/> the first time it is known in a quiet spell, null after that until the next spell:
    /// for output that says it once rather than redrawing it.</summary>
    public TimeSpan? TellOnce(TimeSpan now)
    {
        if (_spellTold || IdleFor(now) is not { } idle) return null;
        _spellTold = true;
        return idle;
    }
}
