namespace Tuner.Contracts.Search;

/// <summary>How a numeric hyperparameter is drawn: uniformly in value, or uniformly in log(value).</summary>
public enum Sampling
{
    Linear,
    Log,
}
