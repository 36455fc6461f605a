using System.Globalization;
using System.Threading.Channels;
using Serilog;
using Spectre.Console;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Progress;

/// <summary>Live progress of a job on stderr: an overall bar of epochs trained against the plan and
/// one bar per running trial (epoch, objective, worker). When stderr is not a terminal, a log line
/// at most every few seconds instead. Returns the last summary seen.</summary>
internal static class JobProgressView
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(3);

    public static Task<JobSummary?> RunAsync(ChannelReader<JobSummary> summaries, CancellationToken cancellation) =>
        Console.IsErrorRedirected ? PlainAsync(summaries, cancellation) : InteractiveAsync(summaries, cancellation);

    private static async Task<JobSummary?> InteractiveAsync(ChannelReader<JobSummary> summaries, CancellationToken cancellation)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        JobSummary? last = null;
        await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var overall = context.AddTask("epochs", maxValue: 1);
                var trials = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                await foreach (var summary in summaries.ReadAllAsync(cancellation))
                {
                    last = summary;
                    overall.MaxValue = Math.Max(1, summary.EpochsPlanned ?? Math.Max(summary.EpochsTrained, 1));
                    overall.Value = summary.EpochsTrained;
                    overall.Description = Markup.Escape(Headline(summary));
                    foreach (var running in summary.Running)
                    {
                        if (!trials.TryGetValue(running.WorkId, out var task))
                            trials[running.WorkId] = task = context.AddTask("", maxValue: Math.Max(1, running.ToEpoch - running.FromEpoch));
                        task.Value = Math.Max(0, running.Epoch - running.FromEpoch);
                        task.Description = Markup.Escape(TrialLine(running));
                    }
                    foreach (var (workId, task) in trials.Where(t => summary.Running.All(r => r.WorkId != t.Key)).ToList())
                    {
                        task.Value = task.MaxValue;
                        task.StopTask();
                        trials.Remove(workId);
                    }
                }
                overall.StopTask();
            });
        return last;
    }

    private static async Task<JobSummary?> PlainAsync(ChannelReader<JobSummary> summaries, CancellationToken cancellation)
    {
        JobSummary? last = null;
        var lastLine = DateTime.MinValue;
        int lastFinished = -1;
        await foreach (var summary in summaries.ReadAllAsync(cancellation))
        {
            last = summary;
            bool trialEnded = summary.TrialsFinished != lastFinished;
            if (summary.IsFinal || trialEnded || DateTime.UtcNow - lastLine >= PlainInterval)
            {
                Log.Information("{Progress}", Headline(summary));
                lastLine = DateTime.UtcNow;
                lastFinished = summary.TrialsFinished;
            }
        }
        return last;
    }

    internal static string Headline(JobSummary s)
    {
        var planned = s.EpochsPlanned is { } p ? $"/{p}" : "";
        var best = s.BestObjective is { } b ? string.Create(CultureInfo.InvariantCulture, $", best {s.Objective} {b:G4} ({s.BestTrialId})") : "";
        return $"{s.Id}: {s.EpochsTrained}{planned} epochs, {s.TrialsFinished}/{s.TrialsStarted} trials done, {s.Running.Count} running{best}";
    }

    private static string TrialLine(RunningTrial r)
    {
        var objective = r.Objective is { } o ? string.Create(CultureInfo.InvariantCulture, $" {o:G4}") : "";
        return $"  {r.WorkId,-16} epoch {r.Epoch}/{r.ToEpoch}{objective} on {r.Worker}";
    }
}
