using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Simulation;

namespace Tuner.Search.Bench.Problems;

/// <summary>Real learning curves: the 200-trial random search on Seattle's daily weather recorded in Recorded/ (job
/// examples/seattle-random.json), replayed by <see cref="RecordedCurves"/> as <c>tuner simulate</c> does. A
/// configuration's true value is the val_loss its nearest recorded trial reached in 30 epochs.</summary>
internal sealed class SeattleRecorded : IBenchProblem
{
    private readonly RecordedCurves _curves;

    public SeattleRecorded(string root)
    {
        var spec = JobSpecParser.Parse(File.ReadAllText(Path.Combine(root, "examples", "seattle-random.json")));
        Space = spec.SearchSpace;
        MaxEpochs = spec.Algorithm.MaxEpochsPerTrial;
        var path = Path.Combine(root, "bench", "Search.Bench", "Recorded", "seattle-random.results.json");
        _curves = RecordedCurves.Parse(File.ReadAllText(path), path, TaskKind.Forecast, Space, ObjectiveKind.ValLoss, MaxEpochs);
    }

    public string Name => "seattle";

    public SearchSpace Space { get; }

    public int MaxEpochs { get; }

    public EpochMetrics Epoch(Hyperparameters configuration, long seed, int epoch)
        => _curves.Epoch(configuration, seed, epoch);

    public double EpochSeconds(Hyperparameters configuration, int epoch)
        => _curves.EpochSeconds(configuration, epoch);

    public double Truth(Hyperparameters configuration)
    {
        var best = double.PositiveInfinity;
        for (var e = 1; e <= MaxEpochs; e++) best = Math.Min(best, Epoch(configuration, 0, e).ValLoss!.Value);
        return best;
    }
}
