using Tuner.Contracts.Collections;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Jobs.Job;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Tests.Jobs.Job;

public sealed class ResultsCacheTests
{
    private static ResultsDocument Results(params double[] valLosses) => new("j", "j-1", "running", "forecast", "random", "val_loss", 10, null, null,
        valLosses.Select((v, i) => new TrialResult($"t-{i + 1:0000}", Hyperparameters.Empty, "completed", v, 0.5, 1, null, null, "w1", 1, ValueList<EpochMetrics>.Empty)).ToValueList());

    [Fact]
    public void A_version_is_built_once_and_each_order_of_it_sorted_once()
    {
        var cache = new ResultsCache();
        var builds = 0;
        var v1 = cache.Get(1, () => { builds++; return Results(0.3, 0.1, 0.2); });
        Assert.Same(v1, cache.Get(1, () => { builds++; return Results(); }));
        Assert.Equal(1, builds);

        var byObjective = cache.Positions(TrialOrder.Default);
        Assert.Equal([1, 2, 0], byObjective);
        Assert.Same(byObjective, cache.Positions(TrialOrder.Parse("objective", out _)!));
        Assert.Equal([0, 2, 1], cache.Positions(TrialOrder.Parse("-objective", out _)!));

        // A new version: built again, and its orders are its own.
        cache.Get(2, () => { builds++; return Results(0.3, 0.1, 0.2, 0.05); });
        Assert.Equal(2, builds);
        Assert.Equal([3, 1, 2, 0], cache.Positions(TrialOrder.Default));
        var page = TrialsPageBuilder.Build(cache.Get(2, () => Results()), new GetTrials("j-1", 0, 2, "objective", false), 2, cache.Positions);
        Assert.Equal(["t-0004", "t-0002"], page.Trials.Select(t => t.TrialId));

        cache.Clear();
        Assert.True(cache.IsEmpty);
        Assert.Throws<InvalidOperationException>(() => cache.Positions(TrialOrder.Default));
    }
}
