using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search.Space;

/// <summary>A search space as the model-based algorithms see it: its tuned dimensions (fixed hyperparameters take no
/// part), and configurations as points of the unit cube with choices one-hot (the Gaussian process's input).</summary>
internal sealed class SpaceEncoding
{
    private readonly SearchSpace _space;

    public SpaceEncoding(SearchSpace space)
    {
        _space = space;
        var dimensions = new List<TunedDimension>();
        var width = 0;
        for (var i = 0; i < space.Parameters.Count; i++)
        {
            if (space.Parameters[i] is FixedParameter) continue;
            var dimension = new TunedDimension(space.Parameters[i], i);
            dimensions.Add(dimension);
            width += dimension.IsCategorical ? dimension.Categories : 1;
        }
        Dimensions = dimensions;
        Width = width;
    }

    /// <summary>The tuned hyperparameters, in spec order.</summary>
    public IReadOnlyList<TunedDimension> Dimensions { get; }

    /// <summary>Coordinates of a one-hot point: one per numeric dimension, one per category of each choice.</summary>
    public int Width { get; }

    /// <summary><paramref name="configuration"/> as a point of [0, 1]^Width, choices one-hot.</summary>
    public double[] OneHot(Hyperparameters configuration)
    {
        var point = new double[Width];
        var at = 0;
        foreach (var dimension in Dimensions)
        {
            var value = configuration[dimension.Position].Value;
            if (dimension.IsCategorical)
            {
                var category = dimension.CategoryOf(value);
                if (category >= 0) point[at + category] = 1;
                at += dimension.Categories;
            }
            else
            {
                point[at++] = dimension.ToUnit(value);
            }
        }
        return point;
    }

    /// <summary>The configuration nearest to one-hot point <paramref name="point"/>: numbers snapped to their grid, each
    /// choice its largest coordinate (the first of equals), fixed hyperparameters their value.</summary>
    public Hyperparameters FromOneHot(ReadOnlySpan<double> point)
    {
        var values = new HyperparameterValue[_space.Parameters.Count];
        for (var i = 0; i < values.Length; i++)
            if (_space.Parameters[i] is FixedParameter fixedParameter) values[i] = fixedParameter.Value;
        var at = 0;
        foreach (var dimension in Dimensions)
        {
            if (dimension.IsCategorical)
            {
                var best = 0;
                for (var c = 1; c < dimension.Categories; c++)
                    if (point[at + c] > point[at + best]) best = c;
                values[dimension.Position] = dimension.Category(best);
                at += dimension.Categories;
            }
            else
            {
                values[dimension.Position] = dimension.FromUnit(point[at++]);
            }
        }
        return Build(values);
    }

    /// <summary>A configuration from one value per search-space parameter, in spec order.</summary>
    public Hyperparameters Build(HyperparameterValue[] values) =>
        new(values.Select((v, i) => new KeyValuePair<string, HyperparameterValue>(_space.Parameters[i].Name, v)));

    /// <summary>The fixed hyperparameters' values at their positions, the rest default (for a caller to fill in).</summary>
    public HyperparameterValue[] FixedValues()
    {
        var values = new HyperparameterValue[_space.Parameters.Count];
        for (var i = 0; i < values.Length; i++)
            if (_space.Parameters[i] is FixedParameter fixedParameter) values[i] = fixedParameter.Value;
        return values;
    }
}
