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
        Assert.Contains(second.LogEvents(), e => e.Message().StartsWith("Resuming job", StringComparison.Ordinal)
            && e.TryGetProperty("JobId", out var id) && id.GetString() == "resume-hb");

        // The attempts the kill cut short train again: what every resume does, said as information, not as a warning.
        var requeued = second.LogEvents().Where(e => e.Message().Contains("requeuing", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(requeued);
        Assert.All(requeued, e => Assert.False(e.TryGetProperty("@l", out var level), $"logged at {level}: {e.Message()}"));
        Assert.Contains("the run that trained them stopped", requeued[0].Message());
        var startedAfterRestart = StartedWork(second);
        Assert.NotEmpty(startedAfterRestart);
        Assert.Empty(finishedBeforeKill.Intersect(startedAfterRestart));
        ScheduleAssert.MatchesPlan(await ResultsAsync(bed), maxEpochs: 9, factor: 3);
    }

    [Fact]
    public async Task Ctrl_C_hands_running_trials_back_saves_and_exits_130_and_the_same_command_resumes()
    {
        using var bed = new ClusterTestBed();
        // Epochs of ≈ 0.5 s (series 10 × the heartbeat job's), so that a trial of 6 or 9 epochs is caught in the middle.
        var args = await RunArgumentsAsync(bed, "interrupt-hb", WorkerCrashTests.Job.Replace("\"length\": 12000", "\"length\": 120000"));

        var first = bed.Track(new TunerProcess("run-1", args, bed.Environment, bed.Directory));
        // Interrupted once a long attempt has trained an epoch: epochs done and epochs to go. (Waiting a fixed time since its
        // start instead found it still in its first epoch on a loaded machine.)
        await bed.Until(() => Task.FromResult(LongAttemptUnderWay(first) || first.HasExited), TimeSpan.FromSeconds(180), "a long attempt under way");
        Assert.False(first.HasExited, "the first run ended before it could be interrupted\n" + first);
        first.Interrupt();
        Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 130, first.ToString());
        Assert.Contains("interrupted", first.Stderr);
        // Shutting down stops the job's publisher: tuner run's subscription took that for a restart of the job manager
        // and resubmitted the job to it, stopped by then (a dead letter carrying the whole spec).
        Assert.DoesNotContain("dead letters", first.Stderr);
        // Trials running at the interrupt were handed back with their last epoch's checkpoint: at least one had trained
        // an epoch since its start, and was stored (a hand-back whose store failed names its start epoch and old checkpoint).
        var handBacks = first.LogEvents().Where(e => e.Message().Contains(" handed back at epoch ", StringComparison.Ordinal) && e.TryGetProperty("AttemptId", out _)).ToList();
        // An attempt caught before its first epoch is handed back without a checkpoint (no CheckpointId): not this one.
        Assert.Contains(handBacks, h => h.TryGetProperty("CheckpointId", out var checkpoint)
            && checkpoint.GetString() is { } id && id.Contains('@', StringComparison.Ordinal));

        var second = bed.Track(new TunerProcess("run-2", args, bed.Environment, bed.Directory));
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(240)) == 0, second.ToString());
        Assert.Empty(FinishedWork(first).Intersect(StartedWork(second)));
        // Each handed-back trial goes on in the next run from the epoch after the one it was handed back at: the
        // hand-back was durable before the first run exited, and its checkpoint is where the next attempt starts.
        var starts = second.LogEvents().Where(e => StartedPattern().IsMatch(e.Message())).ToList();
        foreach (var handBack in handBacks)
        {
            var attemptId = handBack.GetProperty("AttemptId").GetString()!;
            var workId = attemptId[..attemptId.IndexOf('#', StringComparison.Ordinal)];
            var next = starts.Single(s => s.GetProperty("AttemptId").GetString()!.StartsWith(workId + "#", StringComparison.Ordinal));
            // The worker logs the first epoch it trains.
            Assert.True(handBack.GetProperty("Epoch").GetInt32() + 1 == next.GetProperty("FromEpoch").GetInt32(), $"{handBack}\n{next}");
        }
        // ScheduleAssert also requires the plan's totalEpochs: nothing handed back was trained twice.
        ScheduleAssert.MatchesPlan(await ResultsAsync(bed), maxEpochs: 9, factor: 3);
    }

    private const string AshaJob = """
        {
          "name": "resume-asha",
          "seed": 5,
          "data": { "kind": "sine", "length": 12000, "noise": 0.1 },
          "window": 10,
          "searchSpace": {
            "units":         { "type": "choice", "values": [16, 24] },
            "learning_rate": { "type": "float", "min": 1e-3, "max": 1e-2, "sampling": "log" }
          },
          "algorithm": { "type": "asha", "maxEpochs": 9, "minEpochs": 1, "factor": 3, "maxTrials": 9 }
        }
        """;

    /// <summary>ASHA decides each promotion from the results so far, so a resumed run that lost or reordered a result
    /// would promote other trials. One worker (the order of results is then the order of dispatch, as in any
    /// deterministic local run): the run killed with SIGKILL and resumed ends with exactly the results of the run never
    /// interrupted, apart from timings.</summary>
    [Fact]
    public async Task An_asha_run_killed_and_resumed_finds_the_trials_of_an_uninterrupted_run()
    {
        using var bed = new ClusterTestBed();
        var spec = Path.Combine(bed.Directory, "asha.json");
        await File.WriteAllTextAsync(spec, AshaJob);
        string[] Args(string db, string output) => ["run", spec, "--workers", "1", "--db", db, "--out", output, "--log-format", "json", "--verbose"];

        var whole = bed.Track(new TunerProcess("whole", Args("whole.db", "whole"), bed.Environment, bed.Directory));
        Assert.True(await whole.WaitForExitAsync(TimeSpan.FromSeconds(240)) == 0, whole.ToString());
        var expected = await ResultsAsync(bed, "whole");
        Assert.True(expected["trials"]!.AsArray().Count >= 9 && (long)expected["totalEpochs"]! > 9, expected.ToJsonString());

        var first = bed.Track(new TunerProcess("run-1", Args("resumed.db", "resumed"), bed.Environment, bed.Directory));
        await bed.Until(() => Task.FromResult(FinishedWork(first).Count >= 4 || first.HasExited), TimeSpan.FromSeconds(120), "4 finished work items");
        Assert.False(first.HasExited, "the first run ended before it could be killed\n" + first);
        first.Kill();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var second = bed.Track(new TunerProcess("run-2", Args("resumed.db", "resumed"), bed.Environment, bed.Directory));
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(240)) == 0, second.ToString());
        Assert.Contains(second.LogEvents(), e => e.Message().StartsWith("Resuming job", StringComparison.Ordinal));
        Assert.Empty(FinishedWork(first).Intersect(StartedWork(second)));

        Assert.Equal(Comparable(expected), Comparable(await ResultsAsync(bed, "resumed")));
    }

    /// <summary>results.json without what legitimately varies between runs: timing and which worker ran a trial.</summary>
    private static string Comparable(JsonNode results)
    {
        foreach (var trial in results["trials"]!.AsArray())
        {
            trial!.AsObject().Remove("seconds");
            trial.AsObject().Remove("worker");
        }
        return results.ToJsonString();
    }

    /// <summary>The heartbeat job under <paramref name="name"/> in the bed's folder, and the <c>tuner run</c> arguments for it
    /// (the same for the run that is stopped and the one that resumes).</summary>
    private static async Task<string[]> RunArgumentsAsync(ClusterTestBed bed, string name, string job = WorkerCrashTests.Job)
    {
        var spec = Path.Combine(bed.Directory, "job.json");
        await File.WriteAllTextAsync(spec, job.Replace("crash-hb", name));
        return ["run", spec, "--workers", "2", "--db", "tuner.db", "--out", "out", "--log-format", "json", "--verbose"];
    }

    private static async Task<JsonNode> ResultsAsync(ClusterTestBed bed, string output = "out") =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(bed.Directory, output, "results.json")))!;

    /// <summary>Work items whose result the job actor persisted (it logs them only after the write).</summary>
    private static HashSet<string> FinishedWork(TunerProcess run) =>
        [.. run.LogEvents().Select(e => e.Message()).Select(m => FinishedPattern().Match(m)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    /// <summary>An attempt of at least six epochs that has trained one (with two or more to go) and has not ended.</summary>
    private static bool LongAttemptUnderWay(TunerProcess run)
    {
        var events = run.LogEvents().ToList();
        var ended = events.Select(e => e.Message()).Select(m => EndedPattern().Match(m)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        var trained = events.Where(e => TrainedPattern().IsMatch(e.Message()))
            .ToLookup(e => e.GetProperty("AttemptId").GetString()!, e => e.GetProperty("Epoch").GetInt32());
        return events.Any(e => StartedPattern().IsMatch(e.Message())
            && e.GetProperty("AttemptId").GetString() is { } attempt && !ended.Contains(attempt)
            && e.GetProperty("ToEpoch").GetInt32() - e.GetProperty("FromEpoch").GetInt32() >= 5
            && trained[attempt].Any(epoch => epoch < e.GetProperty("ToEpoch").GetInt32() - 1));
    }

    /// <summary>Work items a worker started training.</summary>
    private static HashSet<string> StartedWork(TunerProcess run) =>
        [.. run.LogEvents().Select(e => e.Message()).Select(m => StartedPattern().Match(m)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"attempt ""?([\w.\-]+)#\d+""? ended")]
    private static partial Regex FinishedPattern();

    [GeneratedRegex(@"^Attempt ""?([\w.\-]+)#\d+""? of job ""?[\w\-]+""? starts")]
    private static partial Regex StartedPattern();

    [GeneratedRegex(@"^Attempt ""?([\w.\-]+#\d+)""? of job ""?[\w\-]+""? ended")]
    private static partial Regex EndedPattern();

    [GeneratedRegex(@"^Attempt ""?[\w.\-]+#\d+""? of job ""?[\w\-]+""? trained epoch")]
    private static partial Regex TrainedPattern();
}
