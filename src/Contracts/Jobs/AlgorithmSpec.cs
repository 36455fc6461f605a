namespace Tuner.Contracts.Jobs;

/// <summary>The job's <c>algorithm</c>: Hyperband, random search or ASHA.</summary>
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
