namespace Tuner.Contracts.Search;

/// <summary>One entry of the search space: how to draw a value for the hyperparameter <see cref="Name"/>.</summary>
public abstract record ParameterSpec(string Name)
{
    /// <summary>The entry's <c>type</c> in the job spec: <c>int</c>, <c>float</c>, <c>choice</c> or <c>fixed</c>.</summary>
    public abstract string Type { get; }

    /// <summary>Draws one value; consumes numbers from <paramref name="random"/> only.</summary>
    public abstract HyperparameterValue Sample(DeterministicRandom random);

    /// <summary>The value <c>tuner train</c> uses: the <c>default</c>, else <c>min</c>, else the first choice, else the fixed value.</summary>
    public abstract HyperparameterValue DefaultValue { get; }

    /// <summary>True when <paramref name="value"/> is a value this entry can produce.</summary>
    public abstract bool Contains(HyperparameterValue value);
}
