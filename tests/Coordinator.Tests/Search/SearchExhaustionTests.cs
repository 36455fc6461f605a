using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;

namespace Tuner.Coordinator.Tests.Search;

/// <summary>A search that runs out of configurations before maxTrials says so once it has ended, and only then.</summary>
public sealed class SearchExhaustionTests
{
    public static TheoryData<string> Exhaustible => ["random", "asha", "bayesian", "tpe"];

    private static ISearchAlgorithm Create(string type, SearchSpace space) => SearchAlgorithms.Create(TestSpaces.Context(space: space), type switch
    {
        "random" => new RandomSearchSpec(5, 1, 1),
        "asha" => new AshaSpec(3, 1, 3, 5),
        "bayesian" => new BayesianSpec(MaxTrials: 5, NumInitialPoints: 1, Epochs: 1),
        "tpe" => new TpeSpec(MaxTrials: 5, StartupTrials: 1, Epochs: 1),
        "hyperband" => new HyperbandSpec(3, 3, 1),
        "grid" => new GridSpec(Epochs: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown"),
    });

    [Theory]
    [MemberData(nameof(Exhaustible))]
    public void A_search_that_runs_out_of_configurations_reports_it_once_finished(string type)
    {
        var algorithm = Create(type, TestSpaces.Tiny(2));
        var first = algorithm.NextItem();
        // Still running: not over yet, whatever comes next.
        Assert.Null(algorithm.Exhaustion);
        algorithm.Finish(first.WorkId, TestSpaces.Completed(first, _ => 0.5));
        while (algorithm.Next() is SearchDecision.Run run) algorithm.Finish(run.Item.WorkId, TestSpaces.Completed(run.Item, _ => 0.4));
        Assert.IsType<SearchDecision.Finished>(algorithm.Decide());
        Assert.Equal(new SearchExhaustion(2, 5), algorithm.Exhaustion);
        Assert.Equal("search space exhausted after 2 of 5 trials: it has 2 configurations", algorithm.Exhaustion!.Describe(TestSpaces.Tiny(2)));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("hyperband")]
    [InlineData("grid")]
    public void A_search_that_made_its_trials_or_accepts_repeats_reports_nothing(string type)
    {
        var algorithm = Create(type, type == "random" ? TestSpaces.Tiny(50) : TestSpaces.Tiny(2));
        while (algorithm.Next() is SearchDecision.Run run) algorithm.Finish(run.Item.WorkId, TestSpaces.Completed(run.Item, _ => 0.4));
        Assert.IsType<SearchDecision.Finished>(algorithm.Decide());
        Assert.Null(algorithm.Exhaustion);
    }

    [Fact]
    public void A_cancelled_search_reports_nothing()
    {
        var algorithm = Create("random", TestSpaces.Tiny(2));
        var item = algorithm.NextItem();
        algorithm.Apply(new SearchCancelled());
        algorithm.Finish(item.WorkId, WorkOutcome.Cancelled([]));
        Assert.IsType<SearchDecision.Finished>(algorithm.Decide());
        Assert.Null(algorithm.Exhaustion);
    }

    [Fact]
    public void The_message_names_the_space_size_when_it_is_finite()
    {
        Assert.Equal("search ended after 3 of 10 trials: no untried configuration in 100 random draws (the space has 1,000 configurations)",
            new SearchExhaustion(3, 10).Describe(TestSpaces.Tiny(1000)));
        Assert.Equal("search space exhausted after 1 of 5 trials: it has 1 configuration", new SearchExhaustion(1, 5).Describe(TestSpaces.Tiny(1)));
        Assert.Equal("search ended after 3 of 10 trials: no untried configuration in 100 random draws",
            new SearchExhaustion(3, 10).Describe(TestSpaces.Example));
    }
}
