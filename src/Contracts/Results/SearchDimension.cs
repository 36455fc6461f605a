using System.Text.Json.Serialization;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Results;

/// <summary>One hyperparameter of the search space as results.json describes it: its type, range and
/// sampling (<c>log</c> axes for log-sampled ones), or its values for <c>choice</c> and <c>fixed</c>.</summary>
public sealed record SearchDimension(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("min"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min = null,
    [property: JsonPropertyName("max"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max = null,
    [property: JsonPropertyName("step"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Step = null,
    [property: JsonPropertyName("sampling"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sampling = null,
    [property: JsonPropertyName("values"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValueList<HyperparameterValue>? Values = null)
{
    /// <summary>The dimensions of <paramref name="space"/>, in the spec's order.</summary>
    public static ValueList<SearchDimension> Of(SearchSpace space) => space.Parameters.Select(Of).ToValueList();

    public static SearchDimension Of(ParameterSpec parameter) => parameter switch
    {
        IntParameter p => new SearchDimension(p.Name, p.Type, p.Min, p.Max, p.Step, p.Sampling.Word()),
        FloatParameter p => new SearchDimension(p.Name, p.Type, p.Min, p.Max, p.Step, p.Sampling.Word()),
        ChoiceParameter p => new SearchDimension(p.Name, p.Type, Values: p.Values),
        FixedParameter p => new SearchDimension(p.Name, p.Type, Values: [p.Value]),
        _ => new SearchDimension(parameter.Name, parameter.Type),
    };

}
