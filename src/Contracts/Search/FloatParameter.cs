namespace Tuner.Contracts.Search;

/// <summary><c>{"type": "float", "min", "max", "step", "sampling", "default"}</c>: without a step, any
/// value in [min, max]; with a step, the exact decimal grid <c>min + k·step</c> (<see cref="FloatGrid"/>).</summary>
/// <remarks>Linear sampling is uniform in value (over the grid when there is one). Log sampling draws
/// log(x) uniformly in [log min, log max]; with a step, x is then rounded to the nearest grid value.</remarks>
public sealed record FloatParameter(string Name, double Min, double Max, double? Step = null, Sampling Sampling = Sampling.Linear, double? Default = null)
    : ParameterSpec(Name)
{
    public override string Type => "float";

    /// <summary>The grid when a step is set.</summary>
    public FloatGrid? Grid => Step is { } step ? new FloatGrid(Min, Max, step) : null;

    public override HyperparameterValue Sample(DeterministicRandom random)
    {
        var grid = Grid;
        if (Sampling == Sampling.Log)
        {
            var x = Math.Exp(Math.Log(Min) + random.NextDouble() * (Math.Log(Max) - Math.Log(Min)));
            return HyperparameterValue.Float(grid is { } g ? g.ValueAt(g.NearestIndex(x)) : Math.Clamp(x, Min, Max));
        }
        if (grid is { } linearGrid)
            return HyperparameterValue.Float(linearGrid.ValueAt(random.NextIndex(linearGrid.LastIndex + 1)));
        return HyperparameterValue.Float(Math.Min(Min + random.NextDouble() * (Max - Min), Max));
    }

    public override HyperparameterValue DefaultValue => HyperparameterValue.Float(Default ?? Min);

    public override bool Contains(HyperparameterValue value)
    {
        if (value.Kind != HyperparameterKind.Float) return false;
        var v = value.AsDouble();
        return v >= Min && v <= Max && (Grid is not { } grid || grid.Contains(v));
    }
}
