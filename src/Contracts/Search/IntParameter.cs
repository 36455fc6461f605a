namespace Tuner.Contracts.Search;

/// <summary><c>{"type": "int", "min", "max", "step" (default 1), "sampling", "default"}</c>: integers
/// <c>min + k·step</c> within [min, max].</summary>
/// <remarks>Linear sampling is uniform over the grid. Log sampling draws log(x) uniformly in
/// [log min, log max] and rounds x to the nearest grid value.</remarks>
public sealed record IntParameter(string Name, long Min, long Max, long Step = 1, Sampling Sampling = Sampling.Linear, long? Default = null)
    : ParameterSpec(Name)
{
    public override string Type => "int";

    /// <summary>The index of the last grid value: <c>⌊(max − min) / step⌋</c>.</summary>
    public long LastIndex => (Max - Min) / Step;

    public override HyperparameterValue Sample(DeterministicRandom random)
    {
        long k;
        if (Sampling == Sampling.Log)
        {
            var x = Math.Exp(Math.Log(Min) + random.NextDouble() * (Math.Log(Max) - Math.Log(Min)));
            k = (long)Math.Clamp(Math.Round((x - Min) / Step, MidpointRounding.AwayFromZero), 0, LastIndex);
        }
        else
        {
            k = random.NextIndex(LastIndex + 1);
        }
        return HyperparameterValue.Int(Min + k * Step);
    }

    public override HyperparameterValue DefaultValue => HyperparameterValue.Int(Default ?? Min);

    public override bool Contains(HyperparameterValue value) =>
        value.Kind == HyperparameterKind.Int && value.AsInt64() is var v && v >= Min && v <= Max && (v - Min) % Step == 0;
}
