using Tuner.Contracts.Collections;

namespace Tuner.Contracts.Search;

/// <summary>A hyperparameter name the engine understands, with the values it accepts.</summary>
/// <param name="Name">As written in <c>searchSpace</c>, e.g. <c>learning_rate</c>.</param>
/// <param name="Domain">Integers, reals or words.</param>
/// <param name="Range">The accepted numeric range in words, e.g. <c>in [0, 1)</c>; empty for words.</param>
/// <param name="Words">The accepted words (for <see cref="HyperparameterDomain.Word"/>).</param>
/// <param name="Accepts">The numeric range test.</param>
public sealed record KnownHyperparameter(string Name, HyperparameterDomain Domain, string Range, ValueList<string> Words, Func<double, bool> Accepts)
{
    /// <summary>The entry types allowed for this name.</summary>
    public IReadOnlyList<string> Types => Domain switch
    {
        HyperparameterDomain.Integer => ["int", "choice", "fixed"],
        HyperparameterDomain.Real => ["float", "choice", "fixed"],
        _ => ["choice", "fixed"],
    };

    /// <summary>Null when <paramref name="value"/> is acceptable, else what is wrong (e.g. <c>must be in [0, 1) (got 1.5)</c>).</summary>
    public string? Check(HyperparameterValue value) => Domain switch
    {
        HyperparameterDomain.Integer when value.Kind != HyperparameterKind.Int => $"must be an integer (got {value})",
        HyperparameterDomain.Real when !value.IsNumber => $"must be a number (got {value})",
        HyperparameterDomain.Boolean => value.Kind == HyperparameterKind.Bool ? null : $"must be true or false (got {value})",
        HyperparameterDomain.Word when value.Kind != HyperparameterKind.String => $"must be one of {string.Join(", ", Words)} (got {value})",
        HyperparameterDomain.Word when !Words.Contains(value.AsString()) => $"must be one of {string.Join(", ", Words)} (got {value})",
        HyperparameterDomain.Word => null,
        HyperparameterDomain.Real when Accepts(value.AsDouble()) && !SinglePrecision.Holds(value.AsDouble(), Accepts) =>
            SinglePrecision.Problem(Range, value.ToString(), value.AsDouble()),
        _ => Accepts(value.AsDouble()) ? null : $"must be {Range} (got {value})",
    };

    public bool Equals(KnownHyperparameter? other) => other is not null && other.Name == Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
