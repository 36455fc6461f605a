using Tuner.Contracts.Collections;

namespace Tuner.Contracts.Search;

/// <summary><c>{"type": "choice", "values": [...], "default"}</c>: one of the listed values, uniformly.</summary>
public sealed record ChoiceParameter(string Name, ValueList<HyperparameterValue> Values, HyperparameterValue? Default = null)
    : ParameterSpec(Name)
{
    public override string Type => "choice";

    public override HyperparameterValue Sample(DeterministicRandom random) => Values[(int)random.NextIndex(Values.Count)];

    public override HyperparameterValue DefaultValue => Default ?? Values[0];

    public override bool Contains(HyperparameterValue value) => Values.Contains(value);
}
