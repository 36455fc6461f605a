namespace Tuner.Contracts.Search;

/// <summary>The type of one hyperparameter value.</summary>
public enum HyperparameterKind
{
    Int,
    Float,
    String,
    Bool,
}
