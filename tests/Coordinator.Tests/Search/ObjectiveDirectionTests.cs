using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Asha;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Coordinator.Search.RandomSearch;
using Tuner.Coordinator.Search.Simulation;

namespace Tuner.Coordinator.Tests.Search;

/// <summary>Every algorithm ranks by the objective's direction: on curves whose accuracy is 1 − val_loss, maximizing
/// val_accuracy must make exactly the decisions minimizing val_loss makes (the same work started, the same best);
/// ranking accuracies as if lower were better would promote the worst trials instead.</summary>
public sealed class ObjectiveDirectionTests
{
    /// <summary>The synthetic curves with accuracies that mirror the losses.</summary>
    private sealed class MirroredAccuracy(ISyntheticProblem inner) : ISyntheticProblem
    {
        public EpochMetrics Epoch(Hyperparameters configuration, long seed, int epoch)
        {
            var e = inner.Epoch(configuration, seed, epoch);
            return e with { Accuracy = 1 - e.Loss, ValAccuracy = 1 - e.ValLoss };
        }

        public double EpochSeconds(Hyperparameters configuration, int epoch) => inner.EpochSeconds(configuration, epoch);
    }

    public static TheoryData<string> Algorithms => new() { "hyperband", "asha", "random" };

    private static ISearchAlgorithm Create(string type, ObjectiveKind objective)
    {
        var context = new SearchContext(TestSpaces.Example, 42, objective);
        return type switch
        {
            "hyperband" => new HyperbandAlgorithm(context, new HyperbandSpec(27, 3, 1)),
            "asha" => new AshaAlgorithm(context, new AshaSpec(27, 1, 3, 60)),
            _ => new RandomSearchAlgorithm(context, new RandomSearchSpec(20, 2, 9)),
        };
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Maximizing_val_accuracy_makes_the_same_decisions_as_minimizing_val_loss(string type)
    {
        var problem = new MirroredAccuracy(new SyntheticLearningCurve());
        var byLoss = Create(type, ObjectiveKind.ValLoss);
        var byAccuracy = Create(type, ObjectiveKind.ValAccuracy);
        // One worker: ASHA's promotions depend on the order results arrive, which is then the same in both runs.
        var lossRun = FleetSimulator.Run(byLoss, problem, workers: 1);
        var accuracyRun = FleetSimulator.Run(byAccuracy, problem, workers: 1);

        Assert.Equal(lossRun.Events.OfType<WorkStarted>().Select(e => e.Item), accuracyRun.Events.OfType<WorkStarted>().Select(e => e.Item));
        var bestByLoss = byLoss.Book.Best()!;
        var bestByAccuracy = byAccuracy.Book.Best()!;
        Assert.Equal(bestByLoss.TrialId, bestByAccuracy.TrialId);
        Assert.Equal(1 - bestByLoss.Objective!.Value, bestByAccuracy.Objective!.Value, 12);
        // The best has the highest accuracy of all trials.
        Assert.All(byAccuracy.Book.Trials(), t => Assert.True(t.Objective is null || t.Objective <= bestByAccuracy.Objective));
        // The best-so-far trace (tuner simulate's) only rises, to the best (it followed the lowest accuracy down).
        var trace = accuracyRun.Progress.Where(p => p.BestObjective is not null).Select(p => p.BestObjective!.Value).ToList();
        Assert.Equal(trace.Order(), trace);
        Assert.Equal(lossRun.Progress.Select(p => p.BestTrialId), accuracyRun.Progress.Select(p => p.BestTrialId));
    }
}
