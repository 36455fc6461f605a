using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.RandomSearch;
using Tuner.Coordinator.Search.Simulation;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Tests.Search;

public sealed class RandomSearchAlgorithmTests
{
    [Fact]
    public void Trains_each_trial_k_times_for_the_fixed_epochs_and_averages_the_objectives()
    {
        var algorithm = new RandomSearchAlgorithm(TestSpaces.Context(), new RandomSearchSpec(MaxTrials: 20, ExecutionsPerTrial: 3, Epochs: 5));
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(noise: 0.01), 7);

        var started = result.Events.OfType<WorkStarted>().Select(e => e.Item).ToList();
        Assert.Equal(60, started.Count);
        Assert.All(started, w => Assert.Equal((0, 5, null), (w.FromEpoch, w.ToEpoch, w.ResumeFrom)));
        Assert.Equal(300, result.EpochsTrained);
        Assert.Equal(300, algorithm.PlannedEpochs);
        var trials = algorithm.Book.Trials();
        Assert.Equal(20, trials.Count);
        foreach (var trial in trials)
        {
            Assert.Equal(TrialStatus.Completed, trial.Status);
            Assert.Equal(3, trial.Executions.Count);
            // Different initial weights: each execution has its own seed.
            Assert.Equal(3, started.Where(w => w.TrialId == trial.TrialId).Select(w => w.Seed).Distinct().Count());
            var bests = trial.Executions.Select(e => e.History.Min(h => h.ValLoss!.Value)).ToList();
            Assert.Equal(bests.Average(), trial.Objective!.Value, 12);
            Assert.Equal(5, trial.History.Count); // the per-epoch mean curve
        }
        Assert.Equal(trials.Min(t => t.Objective), result.Best!.Objective);
    }

    [Fact]
    public void The_progress_trace_credits_a_trial_once_all_its_executions_are_trained()
    {
        // tuner simulate's trace: a trial with executions still to train is no result yet. Its first execution's objective
        // was credited, a value the trial (the mean of its executions) never has.
        var algorithm = new RandomSearchAlgorithm(TestSpaces.Context(), new RandomSearchSpec(MaxTrials: 12, ExecutionsPerTrial: 3, Epochs: 4));
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(noise: 0.05), 1);

        var objectives = algorithm.Book.Trials().ToDictionary(t => t.TrialId, t => t.Objective);
        var credited = result.Progress.Where(p => p.BestTrialId is not null).ToList();
        Assert.NotEmpty(credited);
        Assert.All(credited, p => Assert.Equal(objectives[p.BestTrialId!], p.BestObjective));
        Assert.Equal(result.Best!.Objective, credited[^1].BestObjective);
    }

    [Fact]
    public void Trials_start_in_order_with_all_their_executions_first()
    {
        var algorithm = new RandomSearchAlgorithm(TestSpaces.Context(), new RandomSearchSpec(3, 2, 1));
        var ids = Enumerable.Range(0, 6).Select(_ => algorithm.NextItem().WorkId).ToList();
        Assert.Equal(["t-0001.r0.x0", "t-0001.r0.x1", "t-0002.r0.x0", "t-0002.r0.x1", "t-0003.r0.x0", "t-0003.r0.x1"], ids);
        Assert.IsType<SearchDecision.NoneRightNow>(algorithm.Decide());
    }

    [Fact]
    public void Configurations_do_not_repeat_and_an_exhausted_space_ends_the_search()
    {
        var algorithm = new RandomSearchAlgorithm(TestSpaces.Context(space: TestSpaces.Tiny(3)), new RandomSearchSpec(10, 1, 2));
        FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), 2);
        Assert.Equal(3, algorithm.Book.Count);
        Assert.Equal(3, algorithm.Book.Trials().Select(t => t.Hyperparameters).Distinct().Count());
    }

    [Fact]
    public void One_diverged_execution_makes_the_trial_diverged_and_a_failed_one_failed()
    {
        var algorithm = new RandomSearchAlgorithm(TestSpaces.Context(), new RandomSearchSpec(2, 2, 2));
        var a0 = algorithm.NextItem();
        var a1 = algorithm.NextItem();
        var b0 = algorithm.NextItem();
        var b1 = algorithm.NextItem();
        algorithm.Finish(a0.WorkId, TestSpaces.Completed(a0, e => 1.0 / e));
        algorithm.Finish(a1.WorkId, WorkOutcome.Diverged([new(1, double.NaN, double.NaN)]));
        algorithm.Finish(b0.WorkId, WorkOutcome.Failed("disk full"));
        algorithm.Finish(b1.WorkId, TestSpaces.Completed(b1, e => 0.1));
        Assert.Equal(TrialStatus.Diverged, algorithm.Book.Trial("t-0001").Status);
        Assert.Equal(TrialStatus.Failed, algorithm.Book.Trial("t-0002").Status);
        Assert.Equal("disk full", algorithm.Book.Trial("t-0002").Error);
        Assert.Null(algorithm.Book.Best());
        Assert.IsType<SearchDecision.Finished>(algorithm.Decide());
    }

    [Fact]
    public void The_same_seed_draws_the_same_configurations()
    {
        static IEnumerable<string> Draw(long seed)
        {
            var algorithm = new RandomSearchAlgorithm(TestSpaces.Context(seed), new RandomSearchSpec(5, 1, 1));
            return Enumerable.Range(0, 5).Select(_ => algorithm.NextItem().Hyperparameters.ToJson()).ToList();
        }
        Assert.Equal(Draw(1), Draw(1));
        Assert.NotEqual(Draw(1), Draw(2));
    }
}
