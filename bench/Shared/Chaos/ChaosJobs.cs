namespace Tuner.Bench.Chaos;

/// <summary>The soak's jobs: tiny LSTM/GRU models on short sine series, so that many trials run, with the two searches
/// whose outcome cannot depend on how many workers there are, which finishes first, or which attempt is killed:
/// <list type="bullet">
/// <item>Hyperband: trial ids and configurations are fixed per bracket in advance (each trial its own seeded stream), a
/// round is promoted only once all its trials are in, ranked by objective with ties to the lower id;</item>
/// <item>random search: trial n's configuration comes from its own stream, every trial trains the same epochs.</item>
/// </list>
/// A trial trains single-threaded from its assignment's seed, and an attempt killed mid-way restarts its work item from
/// the checkpoint the item started from (restore is bit-identical), so each trial's curve is the same as undisturbed.
/// Asynchronous searches (ASHA, Bayesian optimization, TPE, BOHB's model) decide from whatever has finished so far and
/// are left out: their best legitimately depends on timing.</summary>
internal static class ChaosJobs
{
    /// <summary>Job <paramref name="index"/> of a soak: Hyperband and random search alternate, each with its own seed.</summary>
    public static (string Name, string Spec) Create(string run, int index)
    {
        int seed = 1000 + index;
        bool hyperband = index % 2 == 0;
        string name = $"chaos-{run}-{index:000}-{(hyperband ? "hb" : "rs")}";
        string algorithm = hyperband
            ? """{ "type": "hyperband", "maxEpochs": 9, "factor": 3 }"""
            : """{ "type": "random", "maxTrials": 8, "executionsPerTrial": 2, "epochs": 3 }""";
        string spec = $$"""
            {
              "name": "{{name}}",
              "seed": {{seed}},
              "data": { "kind": "sine", "length": 600, "noise": 0.1 },
              "window": 10,
              "model": { "cell": "{{(index % 4 < 2 ? "lstm" : "gru")}}" },
              "searchSpace": {
                "units":         { "type": "choice", "values": [4, 8] },
                "learning_rate": { "type": "float", "min": 1e-3, "max": 1e-2, "sampling": "log" }
              },
              "algorithm": {{algorithm}}
            }
            """;
        return (name, spec);
    }
}
