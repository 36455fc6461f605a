using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Coordinator.Search.RandomSearch;
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
        // The others train until their workers stop them.
        Assert.Equal(TrialStatus.Running, algorithm.Book.Trial(items[1].TrialId).Status);
        foreach (var item in items.Skip(1)) algorithm.Finish(item.WorkId, WorkOutcome.Cancelled([new(1, 0.1, 0.1)]));
        Assert.IsType<SearchDecision.Finished>(algorithm.Decide());
        Assert.Equal(TrialStatus.Cancelled, algorithm.Book.Trial(items[1].TrialId).Status);
        Assert.Equal(4, algorithm.Book.EpochsTrained);
        // A cancelled trial ranks by the epochs it trained, as it did while running: the job's best so far is kept.
        Assert.Equal(items[1].TrialId, algorithm.Book.Best()!.TrialId);
        Assert.Throws<InvalidOperationException>(() => algorithm.Apply(new WorkStarted(items[0] with { WorkId = "x" })));
    }

    [Fact]
    public void A_trial_training_at_the_cancel_stays_running_until_its_work_ends_then_is_cancelled_with_every_epoch_it_trained()
    {
        var algorithm = new RandomSearchAlgorithm(TestSpaces.Context(), new RandomSearchSpec(MaxTrials: 5, ExecutionsPerTrial: 1, Epochs: 10));
        var item = algorithm.NextItem();
        algorithm.ReportEpoch(item.WorkId, new(1, 0.5, 0.5));
        algorithm.Cancel();

        // The worker stops it within an epoch: the epoch it finishes meanwhile belongs to a running trial, not a cancelled one.
        Assert.Equal(TrialStatus.Running, algorithm.Book.Trial(item.TrialId).Status);
        Assert.Equal(0, algorithm.Book.CountTrials(SummaryBuilder.IsFinished));
        algorithm.ReportEpoch(item.WorkId, new(2, 0.4, 0.4));
        Assert.Equal((TrialStatus.Running, 2), (algorithm.Book.Trial(item.TrialId).Status, algorithm.Book.Trial(item.TrialId).Epochs));

        algorithm.Finish(item.WorkId, WorkOutcome.Cancelled([new(1, 0.5, 0.5), new(2, 0.4, 0.4)]));
        Assert.Equal((TrialStatus.Cancelled, 2), (algorithm.Book.Trial(item.TrialId).Status, algorithm.Book.Trial(item.TrialId).Epochs));
        Assert.Equal(2, algorithm.Book.EpochsTrained);
        Assert.IsType<SearchDecision.Finished>(algorithm.Decide());
    }

    [Fact]
    public void A_trial_whose_training_diverges_or_fails_during_the_cancel_says_so_once_its_last_execution_ends()
    {
        var algorithm = new RandomSearchAlgorithm(TestSpaces.Context(), new RandomSearchSpec(MaxTrials: 2, ExecutionsPerTrial: 2, Epochs: 3));
        var (x0, x1, other) = (algorithm.NextItem(), algorithm.NextItem(), algorithm.NextItem());
        algorithm.Cancel();
        algorithm.Finish(x0.WorkId, WorkOutcome.Completed([new(1, 0.5, 0.5), new(2, double.NaN, double.NaN)]));
        Assert.Equal(TrialStatus.Running, algorithm.Book.Trial(x0.TrialId).Status); // its other execution still trains
        algorithm.Finish(x1.WorkId, WorkOutcome.Cancelled([new(1, 0.2, 0.2)]));
        var trial = algorithm.Book.Trial(x0.TrialId);
        Assert.Equal(TrialStatus.Diverged, trial.Status);
        Assert.Contains("epoch 2", trial.Error);
        algorithm.Finish(other.WorkId, WorkOutcome.Failed("out of memory"));
        Assert.Equal((TrialStatus.Failed, "out of memory"), (algorithm.Book.Trial(other.TrialId).Status, algorithm.Book.Trial(other.TrialId).Error));
        // Never best: what a diverged or failed trial is before a cancel, it is after one.
        Assert.Null(algorithm.Book.Best());
    }
}
