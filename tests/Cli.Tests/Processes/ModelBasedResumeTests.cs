using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tuner.Cli.Tests.Processes;

/// <summary>Local-mode <c>tuner run</c> of the model-based algorithms and grid search, each killed with SIGKILL midway and
/// resumed from its journal: the resumed search ends with the same trials (configurations and results) as an
/// uninterrupted run. One worker, so the uninterrupted run's proposals do not depend on timing.</summary>
[Collection(ProcessTests.Name)]
public sealed partial class ModelBasedResumeTests
{
    private const string Job = """
        {
          "name": "resume-model",
          "seed": 5,
          "data": { "kind": "sine", "length": 12000, "noise": 0.1 },
          "window": 10,
          "searchSpace": {
            "units":         { "type": "choice", "values": [16, 24] },
            "learning_rate": { "type": "float", "min": 1e-3, "max": 1e-2, "step": 0.003 },
            "dropout":       { "type": "float", "min": 0.0, "max": 0.3, "step": 0.1 }
          },
          "algorithm": ALGORITHM
        }
        """;

    [Theory]
    [InlineData("""{"type": "bayesian", "maxTrials": 10, "numInitialPoints": 3, "epochs": 3}""")]
    [InlineData("""{"type": "tpe", "maxTrials": 10, "startupTrials": 3, "epochs": 3}""")]
    [InlineData("""{"type": "bohb", "maxEpochs": 9, "factor": 3}""")]
    [InlineData("""{"type": "grid", "epochs": 1}""")]
    public async Task A_killed_and_resumed_run_ends_with_the_same_trials_as_an_uninterrupted_one(string algorithm)
    {
        using var bed = new ClusterTestBed();
        var spec = Path.Combine(bed.Directory, "job.json");
        await File.WriteAllTextAsync(spec, Job.Replace("ALGORITHM", algorithm));
        string[] Args(string db, string output) => ["run", spec, "--workers", "1", "--db", db, "--out", output, "--log-format", "json", "--verbose"];

        var uninterrupted = bed.Track(new TunerProcess("uninterrupted", Args("a.db", "a"), bed.Environment, bed.Directory));
        Assert.True(await uninterrupted.WaitForExitAsync(TimeSpan.FromSeconds(240)) == 0, uninterrupted.ToString());

        var first = bed.Track(new TunerProcess("run-1", Args("b.db", "b"), bed.Environment, bed.Directory));
        // Killed after 3 of at least 10 work items: most of the search (and all of its model-based proposals) is left.
        await bed.Until(() => Task.FromResult(FinishedWork(first) >= 3 || first.HasExited), TimeSpan.FromSeconds(120), "3 finished work items");
        Assert.False(first.HasExited, "the first run ended before it could be killed\n" + first);
        first.Kill();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var second = bed.Track(new TunerProcess("run-2", Args("b.db", "b"), bed.Environment, bed.Directory));
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(240)) == 0, second.ToString());
        Assert.Contains(second.LogEvents(), e => e.Message().StartsWith("Resuming job", StringComparison.Ordinal));

        var expected = Trials(await ResultsAsync(bed, "a"));
        Assert.Equal(expected, Trials(await ResultsAsync(bed, "b")));
        Assert.True(expected.Count >= 10, $"{expected.Count} trials");
    }

    private static async Task<JsonNode> ResultsAsync(ClusterTestBed bed, string output) =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(bed.Directory, output, "results.json")))!;

    /// <summary>Each trial's id, configuration, status, objective and epochs: what must not depend on the kill.</summary>
    private static List<string> Trials(JsonNode results) =>
        [.. results["trials"]!.AsArray().Select(t => $"{t!["trialId"]} {t["hyperparameters"]!.ToJsonString()} {t["status"]} {t["val_loss"]} {t["epochs"]}")];

    /// <summary>Work items whose result the job actor persisted.</summary>
    private static int FinishedWork(TunerProcess run) =>
        run.LogEvents().Select(e => e.Message()).Count(m => FinishedPattern().IsMatch(m));

    [GeneratedRegex(@"attempt ""?([\w.\-]+)#\d+""? ended")]
    private static partial Regex FinishedPattern();
}
