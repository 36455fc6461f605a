namespace Tuner.Contracts.Jobs;

/// <summary>The job's <c>algorithm</c>: Hyperband, random search or ASHA.</summary>
public abstract record AlgorithmSpec
{
    /// <summary>The spec's <c>algorithm.type</c>.</summary>
    public abstract string Type { get; }

    /// <summary>The most epochs one trial trains (what <c>tuner train</c> uses when the job sets no <c>epochs</c>).</summary>
    public abstract int MaxEpochsPerTrial { get; }
}

/// <summary><c>{"type": "hyperband", "maxEpochs": R, "factor": η (default 3), "iterations": (default 1)}</c>.</summary>
public sealed record HyperbandSpec(int MaxEpochs, int Factor = 3, int Iterations = 1) : AlgorithmSpec
{
    public override string Type => "hyperband";

    public override int MaxEpochsPerTrial => MaxEpochs;
}

/// <summary><c>{"type": "random", "maxTrials": (default 10), "executionsPerTrial": (default 1), "epochs": (default 10)}</c>.</summary>
public sealed record RandomSearchSpec(int MaxTrials = 10, int ExecutionsPerTrial = 1, int Epochs = 10) : AlgorithmSpec
{
    public override string Type => "random";

    public override int MaxEpochsPerTrial => Epochs;
}

/// <summary><c>{"type": "asha", "maxEpochs": R, "minEpochs": (default 1), "factor": η (default 3), "maxTrials": (default 100)}</c>.</summary>
public sealed record AshaSpec(int MaxEpochs, int MinEpochs = 1, int Factor = 3, int MaxTrials = 100) : AlgorithmSpec
{
    public override string Type => "asha";

    public override int MaxEpochsPerTrial => MaxEpochs;
}
