using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Bayesian;
using Tuner.Coordinator.Search.Simulation;

namespace Tuner.Coordinator.Tests.Search.ModelBased;

public sealed class BayesianAlgorithmTests
{
    [Fact]
    public void Initial_points_default_to_three_per_tuned_hyperparameter()
    {
        Assert.Equal(9, new BayesianAlgorithm(TestSpaces.Context(), new BayesianSpec()).InitialPoints);
        var withFixed = new SearchSpace([.. TestSpaces.Example.Parameters, new FixedParameter("layers", HyperparameterValue.Int(2))]);
        Assert.Equal(9, new BayesianAlgorithm(TestSpaces.Context(space: withFixed), new BayesianSpec()).InitialPoints);
        Assert.Equal(4, new BayesianAlgorithm(TestSpaces.Context(), new BayesianSpec(NumInitialPoints: 4)).InitialPoints);
    }

    [Fact]
    public void Runs_max_trials_with_their_executions_and_never_repeats_a_configuration()
    {
        var algorithm = new BayesianAlgorithm(TestSpaces.Context(), new BayesianSpec(MaxTrials: 25, ExecutionsPerTrial: 2, Epochs: 4));
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), 3);
        Assert.Equal(25, algorithm.Book.Count);
        Assert.Equal(25 * 2 * 4, result.EpochsTrained);
        Assert.Equal(25, algorithm.Book.Trials().Select(t => t.Hyperparameters).Distinct().Count());
    }

    [Fact]
    public async Task Proposals_made_on_every_core_equal_those_made_on_one_thread()
    {
        // The kernel fit, the candidates and the local searches run in parallel; run one at a time (Parallel.For
        // schedules on the current scheduler), the search must make the same proposals.
        static IReadOnlyList<Hyperparameters> Proposals()
        {
            var algorithm = new BayesianAlgorithm(TestSpaces.Context(seed: 11), new BayesianSpec(MaxTrials: 40, NumInitialPoints: 5, Epochs: 3));
            FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), 4);
            return [.. algorithm.Book.Trials().Select(t => t.Hyperparameters)];
        }
        var oneThread = await Task.Factory.StartNew(Proposals, CancellationToken.None, TaskCreationOptions.None,
            new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler);
        Assert.Equal(40, oneThread.Count);
        for (var run = 0; run < 3; run++) Assert.Equal(oneThread, await Task.Run(Proposals));
    }

    [Fact]
    public void The_process_finds_better_configurations_than_random_search_with_the_same_trials()
    {
        var random = SearchQuality.MeanTruth(new RandomSearchSpec(MaxTrials: 25, ExecutionsPerTrial: 1, Epochs: 30), seeds: 6);
        var bayesian = SearchQuality.MeanTruth(new BayesianSpec(MaxTrials: 25, Epochs: 30), seeds: 6);
        Assert.True(bayesian < random, $"bayesian {bayesian:F5}, random {random:F5}");
    }

    [Fact]
    public void Pending_trials_are_fantasized_so_concurrent_proposals_differ_from_sequential_ones()
    {
        // After the initial points, the proposal made while other trials are running accounts for them.
        var spec = new BayesianSpec(MaxTrials: 12, NumInitialPoints: 6, Epochs: 3);
        var sequential = new BayesianAlgorithm(TestSpaces.Context(), spec);
        var concurrent = new BayesianAlgorithm(TestSpaces.Context(), spec);
        foreach (var algorithm in new[] { sequential, concurrent })
        {
            for (var i = 0; i < 6; i++)
            {
                var item = algorithm.NextItem();
                algorithm.Finish(item.WorkId, TestSpaces.Completed(item, e => (item.Hyperparameters["units"].AsDouble() - 256) / 512 + 0.1 * e));
            }
        }
        var first = concurrent.NextItem();        // trial 7, running
        var whileRunning = concurrent.NextItem(); // trial 8, proposed with trial 7 pending
        var seqFirst = sequential.NextItem();
        Assert.Equal(first.Hyperparameters, seqFirst.Hyperparameters);
        sequential.Finish(seqFirst.WorkId, TestSpaces.Completed(seqFirst, _ => 5));
        var afterFinish = sequential.NextItem();
        Assert.NotEqual(first.Hyperparameters, whileRunning.Hyperparameters);
        Assert.NotEqual(afterFinish.Hyperparameters, whileRunning.Hyperparameters);
    }

    [Fact]
    public void An_objective_to_maximize_is_ranked_as_its_negation()
    {
        var context = TestSpaces.Context();
        Assert.Equal(0.3, context.Loss(0.3));
        Assert.Equal(-0.3, (context with { Objective = ObjectiveKind.ValAccuracy }).Loss(0.3));
    }

    [Fact]
    public void Refits_of_the_kernel_happen_at_every_count_up_to_forty_then_every_fifteen_percent()
    {
        Assert.Equal(7, BayesianAlgorithm.RefitPoint(7));
        Assert.Equal(40, BayesianAlgorithm.RefitPoint(40));
        Assert.Equal(40, BayesianAlgorithm.RefitPoint(45));
        Assert.Equal(46, BayesianAlgorithm.RefitPoint(46));
        Assert.Equal(46, BayesianAlgorithm.RefitPoint(52));
        Assert.Equal(53, BayesianAlgorithm.RefitPoint(53));
    }
}
