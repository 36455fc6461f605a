using System.Globalization;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search;

/// <summary>A search that ended before its <c>maxTrials</c> because no untried configuration could be drawn: it made
/// <paramref name="Trials"/> (all different) of <paramref name="MaxTrials"/>.</summary>
public sealed record SearchExhaustion(int Trials, int MaxTrials)
{
    /// <summary>What to tell the user, naming how many configurations <paramref name="space"/> has when it is finite
    /// (every float with a step): the run otherwise just ends early, its progress short of the plan.</summary>
    public string Describe(SearchSpace space)
    {
        var size = SearchGrid.Combinations(space);
        var trials = $"{Trials} of {MaxTrials} trials";
        if (size is { } n && n <= Trials)
            return $"search space exhausted after {trials}: it has {Count(n)}";
        var draws = $"no untried configuration in {ConfigurationSampler.Attempts} random draws";
        return size is { } m
            ? $"search ended after {trials}: {draws} (the space has {Count(m)})"
            : $"search ended after {trials}: {draws}";
    }

    private static string Count(long n) =>
        n == 1 ? "1 configuration" : n.ToString("#,0", CultureInfo.InvariantCulture) + " configurations";
}
