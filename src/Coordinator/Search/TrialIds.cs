using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search;

/// <summary>Stable names: trials <c>t-0001</c>, work items <c>t-0001.r2.x0</c> (trial, round, execution), and
/// the training seed of each trial execution.</summary>
public static class TrialIds
{
    /// <summary>The id of the <paramref name="number"/>-th trial (1-based).</summary>
    public static string Trial(int number) => $"t-{number:D4}";

    /// <summary>Whether <paramref name="id"/> is a trial id exactly as <see cref="Trial"/> writes one: t-00007, t-0000 or
    /// t-70000000000 name no trial a run makes (each trained from its own, different seed).</summary>
    public static bool IsTrial(string id) =>
        id.StartsWith("t-", StringComparison.Ordinal) && id.AsSpan(2).IndexOfAnyExceptInRange('0', '9') < 0
        && int.TryParse(id.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
        && number >= 1 && id == Trial(number);

    public static string Work(string trialId, int round, int execution) => $"{trialId}.r{round}.x{execution}";

    /// <summary>The training seed of one execution of a trial: a mix of the job seed, trial id and execution,
    /// non-negative, so executions start from different initial weights, reproducibly.</summary>
    public static long TrainingSeed(long jobSeed, string trialId, int execution)
    {
        var state = (ulong)jobSeed ^ DeterministicRandom.Fnv1a64($"{trialId}/{execution}");
        return (long)(DeterministicRandom.SplitMix64(ref state) & long.MaxValue);
    }
}
