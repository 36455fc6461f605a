using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Tests.Search;

public sealed class CancellationTests
{
    [Fact]
    public void Cancelling_finishes_the_search_once_running_work_is_in_and_keeps_results_so_far()
    {
        var algorithm = new HyperbandAlgorithm(TestSpaces.Context(), new HyperbandSpec(9, 3));
        var items = Enumerable.Range(0, 4).Select(_ => algorithm.NextItem()).ToList();
        algorithm.Finish(items[0].WorkId, TestSpaces.Completed(items[0], _ => 0.5));

        algorithm.Cancel();

        Assert.IsType<SearchDecision.NoneRightNow>(algorithm.Decide()); // three still running
        Assert.Equal(TrialStatus.Stopped, algorithm.Book.Trial(items[0].TrialId).Status);
        Assert.Equal(TrialStatus.Cancelled, algorithm.Book.Trial(items[1].TrialId).Status);
        foreach (var item in items.Skip(1)) algorithm.Finish(item.WorkId, WorkOutcome.Cancelled([new(1, 0.1, 0.1)]));
        Assert.IsType<SearchDecision.Finished>(algorithm.Decide());
        Assert.Equal(TrialStatus.Cancelled, algorithm.Book.Trial(items[1].TrialId).Status);
        Assert.Equal(4, algorithm.Book.EpochsTrained);
        // A cancelled trial ranks by the epochs it trained, as it did while running: the job's best so far is kept.
        Assert.Equal(items[1].TrialId, algorithm.Book.Best()!.TrialId);
        Assert.Throws<InvalidOperationException>(() => algorithm.Apply(new WorkStarted(items[0] with { WorkId = "x" })));
    }
}
