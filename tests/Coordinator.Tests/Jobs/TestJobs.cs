using System.Text.Json;
using Tuner.Contracts.Search;
using Tuner.Runtime.Serialization;

namespace Tuner.Coordinator.Tests.Jobs;

/// <summary>Small job specs and a deterministic fake learning curve for the job specs.</summary>
internal static class TestJobs
{
    /// <summary>Hyperband with R = 3, η = 3: bracket 1 runs 3 trials × 1 epoch then 1 × 3; bracket 0 runs 2 × 3 (6 work items, 11 epochs).</summary>
    public static string Hyperband(string name = "hb", int maxEpochs = 3, int factor = 3, long seed = 7) => $$"""
        {
          "name": "{{name}}", "seed": {{seed}},
          "data": { "kind": "sine", "length": 200, "noise": 0.1 },
          "window": 5,
          "searchSpace": {
            "units": { "type": "int", "min": 8, "max": 64, "step": 8 },
            "learning_rate": { "type": "float", "min": 1e-4, "max": 1e-2, "sampling": "log" }
          },
          "algorithm": { "type": "hyperband", "maxEpochs": {{maxEpochs}}, "factor": {{factor}} }
        }
        """;

    /// <summary>ASHA with rungs of 1, 3 and 9 epochs (η = 3) over <paramref name="maxTrials"/> trials.</summary>
    public static string Asha(string name = "asha", int maxTrials = 12, long seed = 5) => $$"""
        {
          "name": "{{name}}", "seed": {{seed}},
          "data": { "kind": "sine", "length": 200, "noise": 0.1 },
          "window": 5,
          "searchSpace": {
            "units": { "type": "int", "min": 8, "max": 64, "step": 8 },
            "learning_rate": { "type": "float", "min": 1e-4, "max": 1e-2, "sampling": "log" }
          },
          "algorithm": { "type": "asha", "maxEpochs": 9, "minEpochs": 1, "factor": 3, "maxTrials": {{maxTrials}} }
        }
        """;

    /// <summary>Random search: <paramref name="trials"/> trials × <paramref name="epochs"/> epochs.</summary>
    public static string Random(string name = "rs", int trials = 3, int epochs = 2) => $$"""
        {
          "name": "{{name}}", "seed": 3,
          "data": { "kind": "sine", "length": 200, "noise": 0.1 },
          "window": 5,
          "searchSpace": { "units": { "type": "int", "min": 8, "max": 64, "step": 8 } },
          "algorithm": { "type": "random", "maxTrials": {{trials}}, "executionsPerTrial": 1, "epochs": {{epochs}} }
        }
        """;

    /// <summary>A csv job carrying its data inline.</summary>
    public static string Csv(string content, string name = "csv-job") => JsonSerializer.Serialize(new
    {
        name,
        data = new { kind = "csv", content, target = "y" },
        window = 3,
        searchSpace = new { units = new { type = "int", min = 8, max = 16, step = 8 } },
        algorithm = new { type = "random", maxTrials = 1, executionsPerTrial = 1, epochs = 1 },
    });

    public static string SeriesCsv(int rows) =>
        "t,y\n" + string.Join("\n", Enumerable.Range(0, rows).Select(i => $"{i},{Math.Sin(i / 5.0):F4}")) + "\n";

    /// <summary>The fake training curve: each trial has its own level, falling with the epochs, so promotions are deterministic.</summary>
    public static EpochMetrics Epoch(string trialId, int epoch)
    {
        var level = 1 + int.Parse(trialId[2..]) % 7;
        return new EpochMetrics(epoch, level / (epoch + 1.0) + 0.01, level / (epoch + 1.0));
    }

    /// <summary>JSON as the Tuner serializer writes it, to compare documents exactly.</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value, value.GetType(), TunerJsonSerializer.Options);
}
