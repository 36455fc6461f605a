using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Asha;
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
        // Its round was never judged: cancelled, not stopped. The others train until their workers stop them.
        Assert.Equal(TrialStatus.Cancelled, algorithm.Book.Trial(items[0].TrialId).Status);
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

    [Fact]
    public void Asha_cancels_a_trial_that_had_earned_promotion_and_keeps_those_its_rung_ranked_out_stopped()
    {
        var algorithm = new AshaAlgorithm(TestSpaces.Context(), new AshaSpec(MaxEpochs: 9, MinEpochs: 1, Factor: 3, MaxTrials: 100));
        var rung0 = Enumerable.Range(0, 6).Select(_ => algorithm.NextItem()).ToList();
        foreach (var (item, i) in rung0.Select((w, i) => (w, i)))
            algorithm.Finish(item.WorkId, TestSpaces.Completed(item, _ => 0.1 * (i + 1)));
        // Six at rung 0: the best two earn rung 1. One has started it; t-0002 waits for a worker when the job is cancelled.
        var promoted = algorithm.NextItem();
        Assert.Equal(("t-0001", 1), (promoted.TrialId, promoted.Round));
        algorithm.Cancel();

        Assert.Equal(TrialStatus.Cancelled, algorithm.Book.Trial("t-0002").Status);
        Assert.Equal(TrialStatus.Running, algorithm.Book.Trial("t-0001").Status);
        Assert.All(rung0.Skip(2), item => Assert.Equal(TrialStatus.Stopped, algorithm.Book.Trial(item.TrialId).Status));
    }

    public static TheoryData<string, int> Searches()
    {
        var data = new TheoryData<string, int>();
        foreach (var type in new[] { "hyperband", "bohb", "asha", "random" })
            for (var seed = 1; seed <= 25; seed++) data.Add(type, seed);
        return data;
    }

    private static ISearchAlgorithm Create(string type, long seed) => SearchAlgorithms.Create(TestSpaces.Context(seed), type switch
    {
        "hyperband" => new HyperbandSpec(27, 3, 2),
        "bohb" => new BohbSpec(27, 3, 2),
        "asha" => new AshaSpec(27, 1, 3, 60),
        "random" => new RandomSearchSpec(20, 2, 6),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown"),
    });

    /// <summary>A search driven by a random fleet of workers — epochs, results, failures — and cancelled at a random point,
    /// its running work then stopped by its workers within an epoch or two. Cancelling never judges a trial (no trial
    /// becomes stopped by it), a trial keeps training as running until its work ends, and a trial with a final status never
    /// changes again: not its status, not its epochs. Replayed, the events give the same trials.</summary>
    [Theory]
    [MemberData(nameof(Searches))]
    public void A_cancel_at_any_point_judges_no_trial_and_a_trial_that_has_ended_changes_no_more(string type, int seed)
    {
        var random = new Random(seed);
        var algorithm = Create(type, seed);
        var events = new List<SearchEvent>();
        var running = new List<WorkItem>();
        var reported = new Dictionary<string, int>(StringComparer.Ordinal);
        void Apply(SearchEvent e)
        {
            algorithm.Apply(e);
            events.Add(e);
        }
        EpochMetrics Epoch(WorkItem item, int epoch)
        {
            var value = 1.0 / epoch + int.Parse(item.TrialId[2..]) % 17 / 17.0; // each trial its own level
            return new(epoch, value, value);
        }
        void ReportOne(WorkItem item)
        {
            var next = reported.GetValueOrDefault(item.WorkId, item.FromEpoch) + 1;
            if (next > item.ToEpoch) return;
            Apply(new EpochReported(item.WorkId, Epoch(item, next)));
            reported[item.WorkId] = next;
        }

        var workers = 1 + random.Next(8);
        var cancelAfter = random.Next(200);
        for (var step = 0; step < cancelAfter; step++)
        {
            while (running.Count < workers && algorithm.Decide() is SearchDecision.Run run)
            {
                Apply(run.Event);
                running.Add(run.Item);
            }
            if (running.Count == 0) break;
            var item = running[random.Next(running.Count)];
            if (random.NextDouble() < 0.6)
            {
                ReportOne(item);
                continue;
            }
            running.Remove(item);
            var history = Enumerable.Range(item.FromEpoch + 1, item.Epochs).Select(e => Epoch(item, e));
            Apply(new WorkFinished(item.WorkId, random.NextDouble() < 0.05 ? WorkOutcome.Failed("boom") : WorkOutcome.Completed(history)));
        }
        if (running.Count == 0) return; // ended before the cancel: nothing to check here

        var stoppedBefore = algorithm.Book.Trials().Where(t => t.Status == TrialStatus.Stopped).Select(t => t.TrialId).ToHashSet();
        // A trial one execution of which failed is failed at once, while its other executions go on (not the cancel's doing).
        var failedBefore = algorithm.Book.Trials().Where(t => t.Status is TrialStatus.Failed or TrialStatus.Diverged).Select(t => t.TrialId).ToHashSet();
        Apply(new SearchCancelled());
        var ended = new Dictionary<string, TrialRecord>(StringComparer.Ordinal);
        void Check()
        {
            var trainingNow = running.Select(w => w.TrialId).ToHashSet();
            foreach (var trial in algorithm.Book.Trials())
            {
                if (failedBefore.Contains(trial.TrialId))
                {
                    Assert.True(trial.Status is TrialStatus.Failed or TrialStatus.Diverged, $"{trial.TrialId} is {trial.Status}");
                    continue;
                }
                Assert.False(trial.Status == TrialStatus.Stopped && !stoppedBefore.Contains(trial.TrialId), $"{trial.TrialId} was stopped by the cancel");
                if (trainingNow.Contains(trial.TrialId)) Assert.Equal(TrialStatus.Running, trial.Status);
                else Assert.NotEqual(TrialStatus.Running, trial.Status);
                Assert.NotEqual(TrialStatus.Waiting, trial.Status);
                if (ended.TryGetValue(trial.TrialId, out var before)) Assert.Equal(before, trial);
                else if (trial.Status != TrialStatus.Running) ended[trial.TrialId] = trial;
            }
            Assert.Equal(algorithm.Book.Count - trainingNow.Count, algorithm.Book.CountTrials(SummaryBuilder.IsFinished) - trainingNow.Count(failedBefore.Contains));
        }
        Check();
        while (running.Count > 0)
        {
            var item = running[random.Next(running.Count)];
            if (random.NextDouble() < 0.5)
            {
                ReportOne(item);
            }
            else
            {
                running.Remove(item);
                var last = reported.GetValueOrDefault(item.WorkId, item.FromEpoch);
                var history = Enumerable.Range(item.FromEpoch + 1, last - item.FromEpoch).Select(e => Epoch(item, e));
                Apply(new WorkFinished(item.WorkId, last == item.ToEpoch ? WorkOutcome.Completed(history) : WorkOutcome.Cancelled(history)));
            }
            Check();
        }
        Assert.IsType<SearchDecision.Finished>(algorithm.Decide());

        var replica = Create(type, seed);
        foreach (var e in events) replica.Apply(e);
        Assert.Equal(algorithm.Book.Trials(), replica.Book.Trials());
    }
}
