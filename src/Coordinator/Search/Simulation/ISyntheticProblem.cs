using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search.Simulation;

/// <summary>A cheap, deterministic stand-in for training: the metrics of any epoch of any configuration.</summary>
public interface ISyntheticProblem
{
    /// <summary>The metrics after <paramref name="epoch"/> epochs (1-based) of a training seeded <paramref name="seed"/>.
    /// Must not depend on how the training was split into work items (resuming is seamless).</summary>
    EpochMetrics Epoch(Hyperparameters configuration, long seed, int epoch);

    /// <summary>Virtual seconds epoch <paramref name="epoch"/> (1-based) of this configuration takes.</summary>
    double EpochSeconds(Hyperparameters configuration, int epoch);
}
