namespace Tuner.Contracts.Search;

/// <summary>The grid of a search space: every combination of each hyperparameter's grid values (an int's
/// <c>min + k·step</c>, a float's exact decimal grid, a choice's values, a fixed value), as grid search tries them.</summary>
/// <remarks>Combinations are numbered like nested loops over the parameters in spec order, the last one varying
/// fastest: combination 0 takes every parameter's first value. A float without a step has no grid.</remarks>
public sealed class SearchGrid
{
    /// <summary>The most combinations a grid search may have (PRODUCT.md §7).</summary>
    public const long MaxPoints = 100_000;

    private readonly SearchSpace _space;
    private readonly HyperparameterValue[][] _values;

    private SearchGrid(SearchSpace space, HyperparameterValue[][] values)
    {
        _space = space;
        _values = values;
        long count = 1;
        foreach (var values1 in values) count *= values1.Length;
        Count = count;
    }

    /// <summary>How many combinations.</summary>
    public long Count { get; }

    /// <summary>The grid of <paramref name="space"/>; throws <see cref="ArgumentException"/> when a parameter has no grid
    /// or the grid is larger than <see cref="MaxPoints"/> (see <see cref="Problems"/>).</summary>
    public static SearchGrid Of(SearchSpace space)
    {
        if (Problems(space) is { Count: > 0 } problems) throw new ArgumentException(string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}")));
        return new SearchGrid(space, [.. space.Parameters.Select(p => Values(p)!)]);
    }

    /// <summary>Why <paramref name="space"/> cannot be searched on a grid: each problem with the JSON path it concerns
    /// (<c>searchSpace.dropout.step</c>, or <c>searchSpace</c> for a grid too large); empty when it can.</summary>
    public static IReadOnlyList<(string Path, string Message)> Problems(SearchSpace space)
    {
        var problems = new List<(string, string)>();
        double count = 1;
        foreach (var parameter in space.Parameters)
        {
            if (Size(parameter) is not { } size)
            {
                problems.Add(($"searchSpace.{parameter.Name}.step",
                    $"grid search needs a step for every float (\"{parameter.Name}\" has none), e.g. \"step\": {SuggestedStep(parameter)}; or use random, tpe or bayesian search"));
                continue;
            }
            count *= size;
        }
        if (problems.Count == 0 && count > MaxPoints)
        {
            var sizes = string.Join(" × ", space.Parameters.Select(p => $"{p.Name} {Size(p)}"));
            problems.Add(("searchSpace", $"the grid has {(count < 1e15 ? count.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture) : count.ToString("0.#e0", System.Globalization.CultureInfo.InvariantCulture))} combinations ({sizes}); grid search allows at most 100,000: use larger steps, fewer values, or random, tpe or bayesian search"));
        }
        return problems;
    }

    /// <summary>How many configurations <paramref name="space"/> has (at most <see cref="long.MaxValue"/>); null when a
    /// float has no step (infinitely many).</summary>
    public static long? Combinations(SearchSpace space)
    {
        long count = 1;
        foreach (var parameter in space.Parameters)
        {
            if (Size(parameter) is not { } values) return null;
            count = values != 0 && count > long.MaxValue / values ? long.MaxValue : count * values;
        }
        return count;
    }

    /// <summary>Combination <paramref name="index"/> (0 … Count − 1).</summary>
    public Hyperparameters At(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var chosen = new KeyValuePair<string, HyperparameterValue>[_values.Length];
        for (var i = _values.Length - 1; i >= 0; i--)
        {
            var values = _values[i];
            chosen[i] = new(_space.Parameters[i].Name, values[index % values.Length]);
            index /= values.Length;
        }
        return new Hyperparameters(chosen);
    }

    /// <summary>The number of grid values of <paramref name="parameter"/>; null for a float without a step.</summary>
    public static long? Size(ParameterSpec parameter) => parameter switch
    {
        IntParameter p => p.LastIndex + 1,
        FloatParameter { Grid: { } grid } => grid.LastIndex + 1,
        FloatParameter => null,
        ChoiceParameter p => p.Values.Count,
        FixedParameter => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "unknown parameter type"),
    };

    private static HyperparameterValue[]? Values(ParameterSpec parameter)
    {
        switch (parameter)
        {
            case IntParameter p:
                var ints = new HyperparameterValue[p.LastIndex + 1];
                for (long k = 0; k < ints.Length; k++) ints[k] = HyperparameterValue.Int(p.Min + k * p.Step);
                return ints;
            case FloatParameter { Grid: { } grid }:
                var floats = new HyperparameterValue[grid.LastIndex + 1];
                for (long k = 0; k < floats.Length; k++) floats[k] = HyperparameterValue.Float(grid.ValueAt(k));
                return floats;
            case ChoiceParameter p:
                return [.. p.Values];
            case FixedParameter p:
                return [p.Value];
            default:
                return null;
        }
    }

    /// <summary>A round step giving about ten grid values over the range.</summary>
    private static string SuggestedStep(ParameterSpec parameter)
    {
        if (parameter is not FloatParameter p || p.Max <= p.Min) return "0.1";
        var raw = (p.Max - p.Min) / 10;
        var step = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return step.ToString("G", System.Globalization.CultureInfo.InvariantCulture);
    }
}
