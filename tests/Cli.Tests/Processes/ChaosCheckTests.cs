using System.Text.Json.Nodes;
using Tuner.Bench.Chaos;

namespace Tuner.Cli.Tests.Processes;

/// <summary>The soak's check finds what it is there to find: a trial missing, twice, failed, or different from the
/// undisturbed run, another best; and nothing in what legitimately differs (the worker, the seconds).</summary>
public sealed class ChaosCheckTests
{
    private static JsonNode Results() => JsonNode.Parse("""
        {
          "status": "completed", "objective": "val_loss", "totalEpochs": 4,
          "best": { "trialId": "t-0002", "hyperparameters": { "units": 8 }, "val_loss": 0.25, "epochs": 3 },
          "trials": [
            { "trialId": "t-0001", "hyperparameters": { "units": 4 }, "status": "stopped", "val_loss": 0.5, "epochs": 1,
              "worker": "local-1", "seconds": 0.3, "history": [ { "epoch": 1, "loss": 0.6, "val_loss": 0.5 } ] },
            { "trialId": "t-0002", "hyperparameters": { "units": 8 }, "status": "completed", "val_loss": 0.25, "epochs": 3,
              "worker": "local-2", "seconds": 0.9, "history": [ { "epoch": 1, "loss": 0.6, "val_loss": 0.5 }, { "epoch": 2, "loss": 0.4, "val_loss": 0.3 }, { "epoch": 3, "loss": 0.3, "val_loss": 0.25 } ] }
          ]
        }
        """)!;

    [Fact]
    public void The_same_trials_on_other_workers_in_other_times_pass()
    {
        var soak = Results();
        soak["trials"]![0]!["worker"] = "127.0.0.1/4242";
        soak["trials"]![1]!["seconds"] = 7.5;
        var (problems, trials) = ChaosCheck.Compare("job", soak, Results());
        Assert.Empty(problems);
        Assert.Equal(2, trials);
    }

    public static TheoryData<string, Action<JsonNode>> Defects => new()
    {
        { "has 2 results", r => r["trials"]!.AsArray().Add(r["trials"]![0]!.DeepClone()) },
        { "t-0001 has no result", r => r["trials"]!.AsArray().RemoveAt(0) },
        { "t-0002 failed", r => r["trials"]![1]!["status"] = "failed" },
        { "t-0002 differs", r => r["trials"]![1]!["history"]![1]!["loss"] = 0.41 },
        { "t-0001 differs", r => r["trials"]![0]!["hyperparameters"]!["units"] = 8 },
        { "epochs trained into results", r => r["totalEpochs"] = 5L },
        { "best t-0001", r => r["best"]!["trialId"] = "t-0001" },
        { "status running", r => r["status"] = "running" },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Each_defect_is_reported(string expected, Action<JsonNode> defect)
    {
        var soak = Results();
        defect(soak);
        var (problems, _) = ChaosCheck.Compare("job", soak, Results());
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
