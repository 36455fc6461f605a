using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Simulation;

namespace Tuner.Coordinator.Tests.Search.ModelBased;

/// <summary>How good a search's result truly is: the noiseless val_loss (<see cref="SyntheticLearningCurve.BestValLoss"/>)
/// of its best trial, on the example space, averaged over seeds.</summary>
internal static class SearchQuality
{
    public static double MeanTruth(AlgorithmSpec spec, int seeds, int workers = 1)
    {
        var problem = new SyntheticLearningCurve();
        double sum = 0;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var algorithm = SearchAlgorithms.Create(TestSpaces.Context(seed), spec);
            var result = FleetSimulator.Run(algorithm, problem, workers);
            sum += problem.BestValLoss(result.Best!.Hyperparameters);
        }
        return sum / seeds;
    }
}
