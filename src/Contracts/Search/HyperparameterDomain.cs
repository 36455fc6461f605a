namespace Tuner.Contracts.Search;

/// <summary>What values a known hyperparameter takes: integers, real numbers, or words from a list.</summary>
public enum HyperparameterDomain
{
    Integer,
    Real,
    Word,
}
