using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Grid;
using Tuner.Coordinator.Search.Simulation;

namespace Tuner.Coordinator.Tests.Search.ModelBased;

public sealed class GridAlgorithmTests
{
    private static readonly SearchSpace Space = new([
        new IntParameter("units", 16, 48, 16),
        new FloatParameter("dropout", 0.0, 0.5, 0.25),
        new ChoiceParameter("optimizer", new Tuner.Contracts.Collections.ValueList<HyperparameterValue>([HyperparameterValue.String("adam"), HyperparameterValue.String("sgd")])),
        new FixedParameter("layers", HyperparameterValue.Int(2)),
    ]);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Tries_every_combination_once_in_nested_loop_order_with_its_executions(int workers)
    {
        var algorithm = new GridAlgorithm(TestSpaces.Context(space: Space), new GridSpec(ExecutionsPerTrial: 2, Epochs: 3));
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), workers);
        var trials = algorithm.Book.Trials();
        Assert.Equal(3 * 3 * 2, trials.Count);
        Assert.Equal(18 * 2 * 3, result.EpochsTrained);
        Assert.Equal(18, trials.Select(t => t.Hyperparameters).Distinct().Count());
        Assert.All(trials, t => Assert.Equal(2, t.Executions.Count));
        // The last parameter varies fastest; floats take their exact grid values, max included.
        Assert.Equal("""{"units":16,"dropout":0.0,"optimizer":"adam","layers":2}""", trials[0].Hyperparameters.ToJson());
        Assert.Equal("""{"units":16,"dropout":0.0,"optimizer":"sgd","layers":2}""", trials[1].Hyperparameters.ToJson());
        Assert.Equal("""{"units":16,"dropout":0.25,"optimizer":"adam","layers":2}""", trials[2].Hyperparameters.ToJson());
        Assert.Equal("""{"units":48,"dropout":0.5,"optimizer":"sgd","layers":2}""", trials[^1].Hyperparameters.ToJson());
        Assert.Equal(18 * 2 * 3, algorithm.PlannedEpochs);
    }

    [Fact]
    public void A_float_without_a_step_or_a_grid_too_large_is_named()
    {
        var problems = SearchGrid.Problems(TestSpaces.Example);
        var (path, message) = Assert.Single(problems);
        Assert.Equal("searchSpace.learning_rate.step", path);
        Assert.Contains("grid search needs a step", message);

        var huge = new SearchSpace([new IntParameter("a", 1, 1000), new IntParameter("b", 1, 1000)]);
        var (hugePath, hugeMessage) = Assert.Single(SearchGrid.Problems(huge));
        Assert.Equal("searchSpace", hugePath);
        Assert.Contains("1,000,000 combinations (a 1000 × b 1000)", hugeMessage);
        Assert.Empty(SearchGrid.Problems(Space));
    }
}
