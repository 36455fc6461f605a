using System.Text.Json.Nodes;

namespace Tuner.Bench.Chaos;

/// <summary>A job of the soak against the undisturbed run of its spec and seed (<c>tuner run</c>): it completed, every
/// scheduled trial has exactly one result and none failed, each trial is the undisturbed one (configuration, status,
/// epochs, every epoch's losses), and so is the best (trial id, hyperparameters, objective).</summary>
internal static class ChaosCheck
{
    /// <summary>The problems found (none: the job survived the chaos unchanged) and the number of trials checked.</summary>
    public static (List<string> Problems, int Trials) Compare(string jobId, JsonNode soak, JsonNode reference)
    {
        var problems = new List<string>();
        void Problem(string what) => problems.Add($"{jobId}: {what}");

        if ((string?)soak["status"] != "completed") Problem($"status {(string?)soak["status"]}, not completed");
        var trials = soak["trials"]!.AsArray().Select(t => t!).ToList();
        var expected = reference["trials"]!.AsArray().Select(t => t!).ToDictionary(t => (string)t["trialId"]!);

        var ids = trials.Select(t => (string)t["trialId"]!).ToList();
        foreach (var duplicate in ids.GroupBy(id => id).Where(g => g.Count() > 1)) Problem($"{duplicate.Key} has {duplicate.Count()} results");
        foreach (var missing in expected.Keys.Except(ids)) Problem($"{missing} has no result");
        foreach (var extra in ids.Except(expected.Keys)) Problem($"{extra} is not a trial of the undisturbed run");
        foreach (var trial in trials)
        {
            var id = (string)trial["trialId"]!;
            if ((string?)trial["status"] is "failed" or "cancelled") Problem($"{id} {(string?)trial["status"]}: {(string?)trial["error"]}");
            if (expected.TryGetValue(id, out var undisturbed) && Comparable(trial) != Comparable(undisturbed))
                Problem($"{id} differs from the undisturbed run: {Comparable(trial)} vs {Comparable(undisturbed)}");
        }
        if ((long?)soak["totalEpochs"] != (long?)reference["totalEpochs"])
            Problem($"{(long?)soak["totalEpochs"]} epochs trained into results, the undisturbed run {(long?)reference["totalEpochs"]}");

        var objective = (string)reference["objective"]!;
        string Best(JsonNode results) => results["best"] is { } best
            ? $"{(string?)best["trialId"]} {best["hyperparameters"]?.ToJsonString()} {objective}={best[objective]?.ToJsonString()}"
            : "none";
        if (Best(soak) != Best(reference)) Problem($"best {Best(soak)}, the undisturbed run's {Best(reference)}");
        return (problems, trials.Count);
    }

    /// <summary>A trial without what legitimately differs between runs: the worker it ran on and how long it took.</summary>
    private static string Comparable(JsonNode trial)
    {
        var copy = trial.DeepClone().AsObject();
        copy.Remove("worker");
        copy.Remove("seconds");
        foreach (var epoch in copy["history"]?.AsArray() ?? []) epoch!.AsObject().Remove("seconds");
        return copy.ToJsonString();
    }
}
