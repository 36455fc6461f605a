using Tuner.Contracts.Collections;

namespace Tuner.Contracts.Search;

/// <summary>The hyperparameters to tune, in the order the job spec lists them (that order is the
/// order of <see cref="Hyperparameters"/> and of the random draws).</summary>
public sealed record SearchSpace(ValueList<ParameterSpec> Parameters)
{
    /// <summary>Draws one configuration: each parameter in order from <paramref name="random"/>.</summary>
    public Hyperparameters Sample(DeterministicRandom random) =>
        new(Parameters.Select(p => new KeyValuePair<string, HyperparameterValue>(p.Name, p.Sample(random))));

    /// <summary>The configuration <c>tuner train</c> uses: each parameter's <see cref="ParameterSpec.DefaultValue"/>.</summary>
    public Hyperparameters Defaults() =>
        new(Parameters.Select(p => new KeyValuePair<string, HyperparameterValue>(p.Name, p.DefaultValue)));

    public ParameterSpec? Find(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>True when <paramref name="configuration"/> names exactly these parameters, in order, each with a value it can produce.</summary>
    public bool Contains(Hyperparameters configuration) =>
        configuration.Count == Parameters.Count
        && Parameters.Select((p, i) => configuration[i].Key == p.Name && p.Contains(configuration[i].Value)).All(ok => ok);
}
