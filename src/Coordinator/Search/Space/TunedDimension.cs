using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search.Space;

/// <summary>One hyperparameter the search tunes (not a fixed one), as the model-based algorithms see it: a number
/// mapped to [0, 1] (log dimensions in log space), or a category by its index.</summary>
/// <remarks>A numeric dimension on a linear grid of m values maps value k to the centre of its slice, (k + ½)/m, so every
/// grid value owns an equal share of [0, 1] (Keras Tuner's and ConfigSpace's convention); a log dimension or a float
/// without a step maps its value continuously, and a unit value decodes to the nearest grid value.</remarks>
internal sealed class TunedDimension
{
    private readonly ParameterSpec _parameter;
    private readonly long _points; // grid values of a linear-grid dimension; 0 when mapped continuously
    private readonly FloatGrid? _floatGrid; // a float's grid, built once: FloatParameter.Grid builds one, in decimal, per call

    public TunedDimension(ParameterSpec parameter, int position)
    {
        _parameter = parameter;
        Position = position;
        if (parameter is FloatParameter floatParameter) _floatGrid = floatParameter.Grid;
        switch (parameter)
        {
            case ChoiceParameter choice:
                Categories = choice.Values.Count;
                break;
            case IntParameter p when p.Sampling == Sampling.Linear:
                _points = p.LastIndex + 1;
                break;
            case FloatParameter { Sampling: Sampling.Linear } when _floatGrid is { } grid:
                _points = grid.LastIndex + 1;
                break;
        }
    }

    /// <summary>The hyperparameter's name.</summary>
    public string Name => _parameter.Name;

    /// <summary>Its index in the search space (and in a configuration).</summary>
    public int Position { get; }

    /// <summary>The number of categories of a choice; 0 for a numeric dimension.</summary>
    public int Categories { get; }

    public bool IsCategorical => Categories > 0;

    /// <summary>The numeric value <paramref name="value"/> in [0, 1].</summary>
    public double ToUnit(HyperparameterValue value)
    {
        switch (_parameter)
        {
            case IntParameter p:
                return _points > 0 ? (Math.Clamp((value.AsInt64() - p.Min) / p.Step, 0, p.LastIndex) + 0.5) / _points : Scale(value.AsDouble(), p.Min, p.Max, log: true);
            case FloatParameter p:
                return _points > 0 ? (_floatGrid!.Value.NearestIndex(value.AsDouble()) + 0.5) / _points : Scale(value.AsDouble(), p.Min, p.Max, p.Sampling == Sampling.Log);
            default:
                throw new InvalidOperationException($"{Name} is not numeric");
        }
    }

    /// <summary>The value of the search space nearest to unit value <paramref name="unit"/> (clamped to [0, 1]).</summary>
    public HyperparameterValue FromUnit(double unit)
    {
        unit = double.IsFinite(unit) ? Math.Clamp(unit, 0, 1) : 0.5;
        switch (_parameter)
        {
            case IntParameter p:
            {
                long k;
                if (_points > 0) k = Math.Min((long)(unit * _points), _points - 1);
                else k = (long)Math.Clamp(Math.Round((Unscale(unit, p.Min, p.Max, log: true) - p.Min) / p.Step, MidpointRounding.AwayFromZero), 0, p.LastIndex);
                return HyperparameterValue.Int(p.Min + k * p.Step);
            }
            case FloatParameter p:
            {
                if (_floatGrid is { } grid)
                {
                    var k = _points > 0 ? Math.Min((long)(unit * _points), _points - 1) : grid.NearestIndex(Unscale(unit, p.Min, p.Max, log: true));
                    return HyperparameterValue.Float(grid.ValueAt(k));
                }
                return HyperparameterValue.Float(Math.Clamp(Unscale(unit, p.Min, p.Max, p.Sampling == Sampling.Log), p.Min, p.Max));
            }
            default:
                throw new InvalidOperationException($"{Name} is not numeric");
        }
    }

    /// <summary>The index of <paramref name="value"/> among a choice's values; −1 when it is not one of them.</summary>
    public int CategoryOf(HyperparameterValue value) => ((ChoiceParameter)_parameter).Values.AsImmutableArray().IndexOf(value);

    public HyperparameterValue Category(int index) => ((ChoiceParameter)_parameter).Values[index];

    private static double Scale(double value, double min, double max, bool log)
    {
        if (max <= min) return 0.5;
        var u = log ? (Math.Log(value) - Math.Log(min)) / (Math.Log(max) - Math.Log(min)) : (value - min) / (max - min);
        return double.IsFinite(u) ? Math.Clamp(u, 0, 1) : 0.5;
    }

    private static double Unscale(double unit, double min, double max, bool log) =>
        log ? Math.Exp(Math.Log(min) + unit * (Math.Log(max) - Math.Log(min))) : min + unit * (max - min);
}
