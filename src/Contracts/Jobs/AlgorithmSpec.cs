using Tuner.Contracts.Search;

namespace Tuner.Contracts.Jobs;

/// <summary>The job's <c>algorithm</c>: Hyperband, random search, ASHA, Bayesian optimization, TPE, BOHB or grid search.</summary>
public abstract record AlgorithmSpec
{
    public abstract AlgorithmKind Kind { get; }

    /// <summary>The spec's <c>algorithm.type</c>, as results, summaries and logs name the algorithm.</summary>
    public string Type => Kind.Word();

    /// <summary>Whether trials have rounds (Hyperband's rounds, ASHA's rungs); random search's do not.</summary>
    public virtual bool HasRounds => true;

    /// <summary>The most epochs one trial trains (what <c>tuner train</c> uses when the job sets no <c>epochs</c>).</summary>
    public abstract int MaxEpochsPerTrial { get; }
}

/// <summary><c>{"type": "hyperband", "maxEpochs": R, "factor": η (default 3), "iterations": (default 1)}</c>.</summary>
public sealed record HyperbandSpec(int MaxEpochs, int Factor = 3, int Iterations = 1) : AlgorithmSpec
{
    public override AlgorithmKind Kind => AlgorithmKind.Hyperband;

    public override int MaxEpochsPerTrial => MaxEpochs;
}

/// <summary><c>{"type": "random", "maxTrials": (default 10), "executionsPerTrial": (default 1), "epochs": (default 10)}</c>.</summary>
public sealed record RandomSearchSpec(int MaxTrials = 10, int ExecutionsPerTrial = 1, int Epochs = 10) : AlgorithmSpec
{
    public override AlgorithmKind Kind => AlgorithmKind.Random;

    public override bool HasRounds => false;

    public override int MaxEpochsPerTrial => Epochs;
}

/// <summary><c>{"type": "asha", "maxEpochs": R, "minEpochs": (default 1), "factor": η (default 3), "maxTrials": (default 100)}</c>.</summary>
public sealed record AshaSpec(int MaxEpochs, int MinEpochs = 1, int Factor = 3, int MaxTrials = 100) : AlgorithmSpec
{
    public override AlgorithmKind Kind => AlgorithmKind.Asha;

    public override int MaxEpochsPerTrial => MaxEpochs;
}

/// <summary><c>{"type": "bayesian", "maxTrials": (default 10), "numInitialPoints": (default 3 × the tuned dimensions), "alpha":
/// (default 1e-4), "beta": (default 2.6), "executionsPerTrial": (default 1), "epochs": (default 10)}</c>: Keras Tuner's
/// BayesianOptimization (PRODUCT.md §7).</summary>
/// <param name="NumInitialPoints">Random configurations before the Gaussian process proposes; null: 3 × the number of
/// hyperparameters that are not fixed (Keras Tuner's default).</param>
/// <param name="Alpha">The Gaussian process's noise: added to the kernel's diagonal, in units of the objective's variance.</param>
/// <param name="Beta">The upper confidence bound's exploration weight: the search minimizes mean − beta × deviation.</param>
public sealed record BayesianSpec(int MaxTrials = 10, int? NumInitialPoints = null, double Alpha = 1e-4, double Beta = 2.6, int ExecutionsPerTrial = 1, int Epochs = 10) : AlgorithmSpec
{
    public override AlgorithmKind Kind => AlgorithmKind.Bayesian;

    /// <summary><see cref="NumInitialPoints"/>, or its default for <paramref name="space"/>: 3 × the hyperparameters that
    /// are not fixed (at least 1). One definition for the search and the resume check, which must agree.</summary>
    public int InitialPoints(SearchSpace space) => NumInitialPoints ?? Math.Max(1, 3 * space.Parameters.Count(p => p is not FixedParameter));

    public override bool HasRounds => false;

    public override int MaxEpochsPerTrial => Epochs;
}

/// <summary><c>{"type": "tpe", "maxTrials": (default 10), "startupTrials": (default 10), "executionsPerTrial": (default 1),
/// "epochs": (default 10)}</c>: Optuna's tree-structured Parzen estimator with its default settings (PRODUCT.md §7).</summary>
/// <param name="StartupTrials">Random configurations before TPE proposes (Optuna's <c>n_startup_trials</c>).</param>
public sealed record TpeSpec(int MaxTrials = 10, int StartupTrials = 10, int ExecutionsPerTrial = 1, int Epochs = 10) : AlgorithmSpec
{
    public override AlgorithmKind Kind => AlgorithmKind.Tpe;

    public override bool HasRounds => false;

    public override int MaxEpochsPerTrial => Epochs;
}

/// <summary><c>{"type": "bohb", "maxEpochs": R, "factor": η (default 3), "iterations": (default 1)}</c>: Falkner et al.
/// (ICML 2018), Hyperband's brackets exactly with configurations from per-budget kernel density estimates.</summary>
public sealed record BohbSpec(int MaxEpochs, int Factor = 3, int Iterations = 1) : AlgorithmSpec
{
    public override AlgorithmKind Kind => AlgorithmKind.Bohb;

    public override int MaxEpochsPerTrial => MaxEpochs;
}

/// <summary><c>{"type": "grid", "executionsPerTrial": (default 1), "epochs": (default 10)}</c>: every combination of the
/// search space's grid (Keras Tuner's GridSearch).</summary>
public sealed record GridSpec(int ExecutionsPerTrial = 1, int Epochs = 10) : AlgorithmSpec
{
    public override AlgorithmKind Kind => AlgorithmKind.Grid;

    public override bool HasRounds => false;

    public override int MaxEpochsPerTrial => Epochs;
}
