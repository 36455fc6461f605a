using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Serilog;
using Tuner.Cli.Logging;
using Tuner.Cli.Output;
using Tuner.Cli.Terminal;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Progress;

/// <summary>Progress of a job on stderr until its final summary. On a terminal, a live view redrawn in place
/// (<see cref="ProgressFrame"/>); elsewhere (a pipe, a file, CI, or stdout reserved for <c>--json</c>) a plain log
/// line at most every few seconds. Returns the last summary seen.</summary>
internal static class JobProgressView
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(3);
    // Redraws at most this often; the clock is redrawn once a second even when nothing else changed.
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ClockInterval = TimeSpan.FromSeconds(1);

    /// <summary>Whether progress is drawn live: stderr is a terminal and stdout is not reserved for a JSON document.</summary>
    public static bool IsLive(bool jsonOutput) => !jsonOutput && TerminalProfile.ForStandardError().IsTerminal;

    /// <summary>Called before a live view's command starts its work, so that its information logs do not scroll
    /// past the view (<see cref="CliLogging.EnterLiveView"/>).</summary>
    public static void PrepareLogging(bool live)
    {
        if (live) CliLogging.EnterLiveView();
    }

    /// <param name="askWorkers">Asks the coordinator for its workers, to say why a job has nothing running
    /// (<see cref="IdleReason"/>).</param>
    /// <param name="outage">The stream's state when the summaries come over the network (<c>tuner watch</c>), else null.</param>
    /// <param name="sinceSubmission">Show the job's time since its submission (<c>tuner watch</c>), not the view's own
    /// (<see cref="JobElapsed"/>).</param>
    public static Task<JobSummary?> RunAsync(ChannelReader<JobSummary> summaries, bool live, CancellationToken cancellation,
        Func<CancellationToken, Task<WorkerRoster>> askWorkers, StreamOutage? outage = null, bool sinceSubmission = false)
    {
        var reasons = new IdleReasonSource(askWorkers);
        return live ? LiveAsync(summaries, TerminalProfile.ForStandardError(), reasons, outage, sinceSubmission, cancellation) : PlainAsync(summaries, reasons, outage, cancellation);
    }

    private static async Task<JobSummary?> LiveAsync(ChannelReader<JobSummary> summaries, TerminalProfile profile, IdleReasonSource reasons, StreamOutage? outage,
        bool sinceSubmission, CancellationToken cancellation)
    {
        TimeSpan Elapsed(JobSummary? last, Stopwatch clock) => JobElapsed.Of(last, clock.Elapsed, DateTimeOffset.UtcNow, sinceSubmission);
        var region = LiveRegion.OpenOnStandardError(profile);
        var clock = Stopwatch.StartNew();
        var eta = new EtaEstimator();
        var idle = new IdleJobWatch();
        // A terminal that draws only the view's first line would never show its idle or outage line: said above it once.
        var notices = profile.MovesCursor ? null : new QuietSpellNotices(idle, reasons, outage);
        JobSummary? last = null;
        TimeSpan? drawnAt = null;
        try
        {
            using var ticks = new PeriodicTimer(RedrawInterval);
            while (true)
            {
                var changed = false;
                while (summaries.TryRead(out var summary))
                {
                    (last, changed) = (summary, true);
                    eta.Observe(clock.Elapsed, summary.EpochsTrained, summary.EpochsPlanned);
                    idle.Observe(clock.Elapsed, summary);
                }
                if (summaries.Completion.IsCompleted) break;
                if (changed || drawnAt is null || clock.Elapsed - drawnAt >= ClockInterval)
                {
                    region.Show(Frame(region, last, Elapsed(last, clock), eta, Idle(idle, reasons, clock.Elapsed, cancellation), profile, outage?.DownFor));
                    drawnAt = clock.Elapsed;
                }
                if (notices is not null) await notices.TellAsync(last, clock.Elapsed, cancellation);
                await ticks.WaitForNextTickAsync(cancellation);
            }
            await summaries.Completion; // a stream that ended with an error throws it here
        }
        finally
        {
            // Interrupted or done: the overall lines stay on screen, the per-trial lines go.
            region.Close(Frame(region, last, Elapsed(last, clock), eta, idle: null, profile).Take(2).ToList());
        }
        return last;
    }

    private static IReadOnlyList<StyledLine> Frame(LiveRegion region, JobSummary? last, TimeSpan elapsed, EtaEstimator eta, (TimeSpan, string?)? idle, TerminalProfile profile,
        TimeSpan? disconnected = null)
    {
        var (columns, rows) = region.DrawableSize;
        // The view keeps a few rows of the window for the log lines above it.
        return ProgressFrame.Build(last, elapsed, eta.Remaining, profile.Glyphs, columns, trialLines: Math.Max(1, rows - 4), idle, disconnected);
    }

    /// <summary>How long nothing has run and why, once that is said; the workers are asked only then.</summary>
    private static (TimeSpan, string?)? Idle(IdleJobWatch idle, IdleReasonSource reasons, TimeSpan now, CancellationToken cancellation) =>
        idle.IdleFor(now) is { } quiet ? (quiet, reasons.Current(now, cancellation)) : null;

    private static async Task<JobSummary?> PlainAsync(ChannelReader<JobSummary> summaries, IdleReasonSource reasons, StreamOutage? outage, CancellationToken cancellation)
    {
        JobSummary? last = null;
        var lastLine = DateTime.MinValue;
        int lastFinished = -1;
        var clock = Stopwatch.StartNew();
        var idle = new IdleJobWatch();
        var notices = new QuietSpellNotices(idle, reasons, outage);
        // A job with nothing to train gets no new summary: the wait is woken every second to say so.
        var next = summaries.WaitToReadAsync(cancellation).AsTask();
        while (true)
        {
            if (await Task.WhenAny(next, Task.Delay(ClockInterval, cancellation)) == next)
            {
                if (!await next) break;
                while (summaries.TryRead(out var summary))
                {
                    last = summary;
                    idle.Observe(clock.Elapsed, summary);
                    bool trialEnded = summary.TrialsFinished != lastFinished;
                    if (summary.IsFinal || trialEnded || DateTime.UtcNow - lastLine >= PlainInterval)
                    {
                        Log.Information("{Progress}", Headline(summary));
                        lastLine = DateTime.UtcNow;
                        lastFinished = summary.TrialsFinished;
                    }
                }
                next = summaries.WaitToReadAsync(cancellation).AsTask();
            }
            cancellation.ThrowIfCancellationRequested();
            await notices.TellAsync(last, clock.Elapsed, cancellation);
        }
        return last;
    }

    private static string Headline(JobSummary s)
    {
        // Its figures are zeros until the journal is replayed: not the job's.
        if (s.Status == JobStatuses.Recovering) return $"{s.Id}: recovering from the journal";
        var planned = s.EpochsPlanned is { } p ? $"/{p}" : "";
        var best = s.BestObjective is { } b ? $", best {s.Objective} {Significant.Of(b, 4)} ({s.BestTrialId})" : "";
        // Trials are counted as the live view counts them: started so far ("0/1 trials done" read as one trial in all,
        // for a Hyperband job whose later trials were still to start).
        return $"{s.Id}: {s.EpochsTrained}{planned} epochs, {Quantity.Of(s.TrialsStarted, "trial")} started, {s.TrialsFinished} done, {s.Running.Count} running{best}";
    }
}
