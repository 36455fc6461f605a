using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Progress;

/// <summary>Keeps an idle job's <see cref="IdleReason"/> current while it is shown: asks for the workers when first needed
/// and again every <see cref="Refresh"/>, in the background, so a live view never waits for the coordinator.</summary>
/// <param name="askWorkers">How to ask the coordinator for its workers; null when there is no one to ask.</param>
internal sealed class IdleReasonSource(Func<CancellationToken, Task<WorkerRoster>>? askWorkers)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(3);

    private Task<WorkerRoster>? _asking;
    private TimeSpan? _askedAt;
    // Null until the first answer: a guess shown before it could contradict it a moment later.
    private string? _reason = askWorkers is null ? IdleReason.Unknown : null;

    /// <summary>The reason known at <paramref name="now"/> (null while the first answer is awaited); asks again when the
    /// last answer is older than <see cref="Refresh"/>.</summary>
    public string? Current(TimeSpan now, CancellationToken cancellation)
    {
        if (_asking is { IsCompleted: true } answered)
        {
            _reason = answered.IsCompletedSuccessfully ? IdleReason.Of(answered.Result) : Failed(answered);
            _asking = null;
        }
        if (askWorkers is not null && _asking is null && (_askedAt is null || now - _askedAt >= Refresh))
        {
            _askedAt = now;
            _asking = askWorkers(cancellation);
        }
        return _reason;
    }

    /// <summary>The reason now, waiting a few seconds at most for the coordinator's answer: for output said once.</summary>
    public async Task<string> NowAsync(CancellationToken cancellation)
    {
        if (askWorkers is null) return IdleReason.Unknown;
        var asking = askWorkers(cancellation);
        try
        {
            return IdleReason.Of(await asking.WaitAsync(AnswerTimeout, cancellation));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            return Failed(asking);
        }
    }

    private static string Failed(Task asking)
    {
        _ = asking.Exception; // observed: a coordinator that did not answer leaves the reason unknown
        return IdleReason.Unknown;
    }
}
