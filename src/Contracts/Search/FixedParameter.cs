namespace Tuner.Contracts.Search;

/// <summary><c>{"type": "fixed", "value": v}</c>: always <c>v</c>; draws no random numbers.</summary>
public sealed record FixedParameter(string Name, HyperparameterValue Value) : ParameterSpec(Name)
{
    public override string Type => "fixed";

    public override HyperparameterValue Sample(DeterministicRandom random) => Value;

    public override HyperparameterValue DefaultValue => Value;

    public override bool Contains(HyperparameterValue value) => value.Equals(Value);
}
