using Tuner.Contracts.Collections;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Jobs.Job;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Tests.Jobs.Job;

public sealed class TrialsPageBuilderTests
{
    private static readonly ResultsDocument Results = new("j", "j-1", "running", "forecast", "random", "val_loss", 10, null, null,
        Enumerable.Range(1, 7).Select(i => new TrialResult($"t-{i:0000}", Hyperparameters.Empty.With("units", HyperparameterValue.Int(i)),
            "completed", 1.0 / i, 0.5, 2, null, null, "w1", 1, new[] { new EpochMetrics(1, 0.6, 1.0 / i), new EpochMetrics(2, 0.5, 1.0 / i) }.ToValueList())).ToValueList());

    [Fact]
    public void A_page_holds_limit_trials_from_offset_in_the_order_with_the_total_and_version()
    {
        var page = TrialsPageBuilder.Build(Results, new GetTrials("j-1", 2, 3, "objective", false), version: 42);
        Assert.Equal((7, 2, 3, "objective", 42L), (page.Total, page.Offset, page.Limit, page.Sort, page.Version));
        Assert.Equal(["t-0005", "t-0004", "t-0003"], page.Trials.Select(t => t.TrialId));
        Assert.All(page.Trials, t => Assert.Empty(t.History));
    }

    [Fact]
    public void Histories_come_when_asked_for_and_a_page_past_the_end_is_empty()
    {
        var page = TrialsPageBuilder.Build(Results, new GetTrials("j-1", 5, 50, "-hp.units", true), version: 1);
        Assert.Equal(["t-0002", "t-0001"], page.Trials.Select(t => t.TrialId));
        Assert.All(page.Trials, t => Assert.Equal(2, t.History.Count));
        Assert.Empty(TrialsPageBuilder.Build(Results, new GetTrials("j-1", 7, 50, "id", false), 1).Trials);
        Assert.Equal(7, TrialsPageBuilder.Build(Results, new GetTrials("j-1", int.MaxValue, 1000, "id", false), 1).Total);
    }
}
