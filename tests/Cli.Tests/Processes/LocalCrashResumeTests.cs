using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tuner.Cli.Tests.Processes;

/// <summary><c>tuner run</c> killed with SIGKILL mid-job and started again with the same database
/// completes; work the journal recorded as finished before the kill is not trained again.</summary>
[Collection(ProcessTests.Name)]
public sealed partial class LocalCrashResumeTests
{
    [Fact]
    public async Task A_killed_run_resumes_and_does_not_retrain_finished_work()
    {
        using var bed = new ClusterTestBed();
        var args = await RunArgumentsAsync(bed, "resume-hb");

        var first = bed.Track(new TunerProcess("run-1", args, bed.Environment, bed.Directory));
        await bed.Until(() => Task.FromResult(FinishedWork(first).Count >= 5 || first.HasExited), TimeSpan.FromSeconds(120), "5 finished work items");
        Assert.False(first.HasExited, "the first run ended before it could be killed\n" + first);
        first.Kill();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var finishedBeforeKill = FinishedWork(first);

        var second = bed.Track(new TunerProcess("run-2", args, bed.Environment, bed.Directory));
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(240)) == 0, second.ToString());
        Assert.Contains(second.LogEvents(), e => e.GetProperty("@m").GetString()!.StartsWith("Resuming job", StringComparison.Ordinal)
            && e.TryGetProperty("JobId", out var id) && id.GetString() == "resume-hb");

        var startedAfterRestart = StartedWork(second);
        Assert.NotEmpty(startedAfterRestart);
        Assert.Empty(finishedBeforeKill.Intersect(startedAfterRestart));
        ScheduleAssert.MatchesPlan(await ResultsAsync(bed), maxEpochs: 9, factor: 3);
    }

    [Fact]
    public async Task Ctrl_C_hands_running_trials_back_saves_and_exits_130_and_the_same_command_resumes()
    {
        using var bed = new ClusterTestBed();
        var args = await RunArgumentsAsync(bed, "interrupt-hb");

        var first = bed.Track(new TunerProcess("run-1", args, bed.Environment, bed.Directory));
        await bed.Until(() => Task.FromResult(FinishedWork(first).Count >= 3 || first.HasExited), TimeSpan.FromSeconds(120), "3 finished work items");
        Assert.False(first.HasExited, "the first run ended before it could be interrupted\n" + first);
        first.Interrupt();
        Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 130, first.ToString());
        Assert.Contains("interrupted", first.Stderr);
        // Trials running at the interrupt were handed back with their last epoch's checkpoint.
        Assert.Contains(first.LogEvents(), e => e.GetProperty("@m").GetString()!.StartsWith("Handing back attempt", StringComparison.Ordinal));

        var second = bed.Track(new TunerProcess("run-2", args, bed.Environment, bed.Directory));
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(240)) == 0, second.ToString());
        Assert.Empty(FinishedWork(first).Intersect(StartedWork(second)));
        ScheduleAssert.MatchesPlan(await ResultsAsync(bed), maxEpochs: 9, factor: 3);
    }

    /// <summary>The heartbeat job under <paramref name="name"/> in the bed's folder, and the <c>tuner run</c> arguments for it
    /// (the same for the run that is stopped and the one that resumes).</summary>
    private static async Task<string[]> RunArgumentsAsync(ClusterTestBed bed, string name)
    {
        var spec = Path.Combine(bed.Directory, "job.json");
        await File.WriteAllTextAsync(spec, WorkerCrashTests.Job.Replace("crash-hb", name));
        return ["run", spec, "--workers", "2", "--db", "tuner.db", "--out", "out", "--log-format", "json", "--verbose"];
    }

    private static async Task<JsonNode> ResultsAsync(ClusterTestBed bed) =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(bed.Directory, "out", "results.json")))!;

    /// <summary>Work items whose result the job actor persisted (it logs them only after the write).</summary>
    private static HashSet<string> FinishedWork(TunerProcess run) =>
        [.. run.LogEvents().Select(e => e.GetProperty("@m").GetString()!).Select(m => FinishedPattern().Match(m)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    /// <summary>Work items a worker started training.</summary>
    private static HashSet<string> StartedWork(TunerProcess run) =>
        [.. run.LogEvents().Select(e => e.GetProperty("@m").GetString()!).Select(m => StartedPattern().Match(m)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"attempt ""?([\w.\-]+)#\d+""? ended")]
    private static partial Regex FinishedPattern();

    [GeneratedRegex(@"^Attempt ""?([\w.\-]+)#\d+""? of job")]
    private static partial Regex StartedPattern();
}
