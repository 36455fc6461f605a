namespace Tuner.Contracts.Search;

/// <summary>What values a known hyperparameter takes: integers, real numbers, words from a list, or true/false.</summary>
public enum HyperparameterDomain
{
    Integer,
    Real,
    Word,
    Boolean,
}
