namespace Tuner.Cli.Progress;

/// <summary>Time left for a job from the pace its epochs have been trained at since the view opened (epochs trained
/// before it, by an earlier run that is resumed now, say nothing about this run's pace). Pure: times are given.</summary>
internal sealed class EtaEstimator
{
    private static readonly TimeSpan MinimumSpan = TimeSpan.FromSeconds(1);

    private TimeSpan? _startTime;
    private long _startEpochs;
    private TimeSpan? _remaining;

    /// <summary>The last estimate; null until the job has trained for a second, with a plan, at a measurable pace.</summary>
    public TimeSpan? Remaining => _remaining;

    /// <summary>Takes the progress at <paramref name="now"/> (time since any fixed origin).</summary>
    public void Observe(TimeSpan now, long epochsTrained, long? epochsPlanned)
    {
        if (_startTime is null)
        {
            (_startTime, _startEpochs) = (now, epochsTrained);
            return;
        }
        var span = now - _startTime.Value;
        var done = epochsTrained - _startEpochs;
        if (epochsPlanned is not { } planned || span < MinimumSpan || done <= 0)
        {
            _remaining = epochsPlanned is { } p && epochsTrained >= p ? TimeSpan.Zero : _remaining;
            return;
        }
        var left = Math.Max(0, planned - epochsTrained);
        _remaining = TimeSpan.FromSeconds(span.TotalSeconds * left / done);
    }
}
