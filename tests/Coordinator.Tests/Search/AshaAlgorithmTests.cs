using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Asha;
using Tuner.Coordinator.Search.Simulation;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Tests.Search;

public sealed class AshaAlgorithmTests
{
    [Theory]
    [InlineData(1, 81, 3, new[] { 1, 3, 9, 27, 81 })]
    [InlineData(1, 50, 3, new[] { 1, 3, 9, 27, 50 })]
    [InlineData(2, 20, 2, new[] { 2, 4, 8, 16, 20 })]
    [InlineData(5, 5, 3, new[] { 5 })]
    public void Rungs_are_min_epochs_times_powers_of_eta_capped_by_max_epochs(int minEpochs, int maxEpochs, int factor, int[] expected)
    {
        Assert.Equal(expected, AshaRungs.Epochs(minEpochs, maxEpochs, factor));
    }

    [Fact]
    public void Promotes_the_top_third_as_soon_as_it_exists_otherwise_starts_new_trials()
    {
        var algorithm = new AshaAlgorithm(TestSpaces.Context(), new AshaSpec(MaxEpochs: 9, MinEpochs: 1, Factor: 3, MaxTrials: 100));
        var values = new Dictionary<string, double> { ["t-0001"] = 0.3, ["t-0002"] = 0.1, ["t-0003"] = 0.2, ["t-0004"] = 0.05, ["t-0005"] = 0.4, ["t-0006"] = 0.5 };
        var first = Enumerable.Range(0, 2).Select(_ => algorithm.NextItem()).ToList();
        foreach (var item in first) algorithm.Finish(item.WorkId, TestSpaces.Completed(item, _ => values[item.TrialId]));
        // Two at rung 0: ⌊2/3⌋ = 0 may be promoted, so a new trial starts.
        var third = algorithm.NextItem();
        Assert.Equal(("t-0003", 0), (third.TrialId, third.Round));
        algorithm.Finish(third.WorkId, TestSpaces.Completed(third, _ => values[third.TrialId]));
        // Three at rung 0: the best one (t-0002) continues from its checkpoint to rung 1.
        var promoted = algorithm.NextItem();
        Assert.Equal(("t-0002", 1, 1, 3, "t-0002.r0.x0"), (promoted.TrialId, promoted.Round, promoted.FromEpoch, promoted.ToEpoch, promoted.ResumeFrom));
        Assert.Equal(TrialStatus.Running, algorithm.Book.Trial("t-0002").Status);
        Assert.Equal(TrialStatus.Stopped, algorithm.Book.Trial("t-0001").Status);
        // Quota used up: new trials again, even though t-0002 is still running (nobody waits).
        Assert.Equal("t-0004", algorithm.NextItem().TrialId);
    }

    [Fact]
    public void Checks_the_top_rung_first()
    {
        var algorithm = new AshaAlgorithm(TestSpaces.Context(), new AshaSpec(27, 1, 3, 100));
        // Nine trials at rung 0 (values 0.1 … 0.9), so three earn rung 1.
        var rung0 = Enumerable.Range(0, 9).Select(_ => algorithm.NextItem()).ToList();
        foreach (var (item, i) in rung0.Select((w, i) => (w, i)))
            algorithm.Finish(item.WorkId, TestSpaces.Completed(item, _ => 0.1 * (i + 1)));
        var rung1 = Enumerable.Range(0, 3).Select(_ => algorithm.NextItem()).ToList();
        Assert.Equal(["t-0001", "t-0002", "t-0003"], rung1.Select(w => w.TrialId));
        foreach (var item in rung1)
            algorithm.Finish(item.WorkId, TestSpaces.Completed(item, e => 0.05));
        // Nine more reports at rung 0 would make new candidates there, but rung 1's best goes up first.
        var next = algorithm.NextItem();
        Assert.Equal(("t-0001", 2, 3, 9), (next.TrialId, next.Round, next.FromEpoch, next.ToEpoch));
    }

    [Fact]
    public void Never_waits_while_trials_remain_and_finishes_after_the_last_promotion()
    {
        var algorithm = new AshaAlgorithm(TestSpaces.Context(), new AshaSpec(27, 1, 3, 30));
        var running = new List<WorkItem>();
        // Start far more work than trials would fill a rung: ASHA must always answer with work until 30 trials exist.
        while (algorithm.Book.Count < 30)
        {
            Assert.IsType<SearchDecision.Run>(algorithm.Decide());
            running.Add(algorithm.NextItem());
        }
        Assert.IsType<SearchDecision.NoneRightNow>(algorithm.Decide());
        var result = FleetSimulator.Run(new AshaAlgorithm(TestSpaces.Context(), new AshaSpec(27, 1, 3, 30)), new SyntheticLearningCurve(), 4);
        Assert.Equal(30, result.Events.OfType<WorkStarted>().Select(e => e.Item.TrialId).Distinct().Count());
        Assert.Contains(result.Events.OfType<WorkStarted>(), e => e.Item.ToEpoch == 27);
    }

    [Fact]
    public void A_simulated_run_promotes_only_rung_leaders_and_the_best_trained_to_max_epochs()
    {
        var algorithm = new AshaAlgorithm(TestSpaces.Context(), new AshaSpec(27, 1, 3, 200));
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), 16);
        var trials = algorithm.Book.Trials();
        Assert.Equal(200, trials.Count);
        Assert.All(trials, t => Assert.Contains(t.Status, new[] { TrialStatus.Completed, TrialStatus.Stopped }));
        Assert.All(trials.Where(t => t.Status == TrialStatus.Completed), t => Assert.Equal(27, t.Epochs));
        // Replaying the events: every promotion picked a trial in the top ⌊n/η⌋ of its rung at that moment.
        var best = new Dictionary<string, double>();
        var rungs = new Dictionary<int, List<(double Value, string Id)>>();
        var items = new Dictionary<string, WorkItem>();
        foreach (var e in result.Events)
        {
            if (e is WorkStarted { Item: var item })
            {
                items[item.WorkId] = item;
                if (item.Round == 0) continue;
                var below = rungs[item.Round - 1].OrderBy(r => r.Value).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
                var rank = below.FindIndex(r => r.Id == item.TrialId);
                Assert.InRange(rank, 0, below.Count / 3 - 1);
            }
            else if (e is WorkFinished finished)
            {
                var work = items[finished.WorkId];
                best[work.TrialId] = Math.Min(best.GetValueOrDefault(work.TrialId, double.MaxValue), finished.Outcome.History.Min(h => h.ValLoss!.Value));
                if (!rungs.ContainsKey(work.Round)) rungs[work.Round] = [];
                rungs[work.Round].Add((best[work.TrialId], work.TrialId));
            }
        }
        Assert.Equal(27, result.Best!.Epochs);
    }

    [Fact]
    public void Diverged_and_failed_trials_count_at_their_rung_but_are_never_promoted()
    {
        var algorithm = new AshaAlgorithm(TestSpaces.Context(), new AshaSpec(9, 1, 3, 100));
        var items = Enumerable.Range(0, 3).Select(_ => algorithm.NextItem()).ToList();
        algorithm.Finish(items[0].WorkId, WorkOutcome.Diverged([new(1, double.NaN, null)]));
        algorithm.Finish(items[1].WorkId, WorkOutcome.Failed("x"));
        algorithm.Finish(items[2].WorkId, TestSpaces.Completed(items[2], _ => 9.0));
        // n = 3 so one may be promoted: the only valid one, however poor.
        Assert.Equal(("t-0003", 1), (algorithm.NextItem().TrialId, 1));
        var more = Enumerable.Range(0, 3).Select(_ => algorithm.NextItem()).ToList();
        foreach (var item in more) algorithm.Finish(item.WorkId, WorkOutcome.Diverged([]));
        // n = 6, quota 2, but the other five are invalid: new trials instead.
        Assert.Equal(0, algorithm.NextItem().Round);
    }

    [Fact]
    public void Keeps_64_workers_over_90_percent_busy_when_the_budget_is_large_against_one_trial()
    {
        // About 15,000 epochs for 64 workers (~240 each) against 27 epochs for the longest trial.
        var algorithm = new AshaAlgorithm(TestSpaces.Context(), new AshaSpec(27, 1, 3, 5000));
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), 64);
        Assert.True(result.Utilization >= 0.9, $"utilization {result.Utilization:P1}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_search_that_runs_out_of_configurations_still_trains_its_best_to_max_epochs(int workers)
    {
        // Six configurations: ⌊6/3⌋ = 2 reach rung 1, where ⌊2/3⌋ = 0 used to end the search at 3 of 9 epochs.
        SearchAlgorithm Create() => new AshaAlgorithm(TestSpaces.Context(space: TestSpaces.Tiny(6)), new AshaSpec(9, 1, 3, 30));
        var algorithm = Create();
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), workers);
        Assert.Equal(6, algorithm.Book.Count);
        Assert.Equal(9, result.Best!.Epochs);
        Assert.Single(algorithm.Book.Trials(), t => t.Status == TrialStatus.Completed);
        // The rungs as if complete, ⌈n/η⌉: two go from rung 0 to 1, one from 1 to 2.
        Assert.Equal([6, 2, 1], Enumerable.Range(0, 3).Select(k => result.Events.OfType<WorkStarted>().Count(e => e.Item.Round == k)));
        // Replay: a fresh instance fed the journal proposes the same work at every step.
        var replica = Create();
        foreach (var e in result.Events)
        {
            if (e is WorkStarted started) Assert.Equal(new SearchDecision.Run(started.Item), replica.Decide());
            replica.Apply(e);
        }
        Assert.IsType<SearchDecision.Finished>(replica.Decide());
    }

    [Fact]
    public void A_single_configuration_is_trained_to_max_epochs()
    {
        var algorithm = new AshaAlgorithm(TestSpaces.Context(space: TestSpaces.Tiny(1)), new AshaSpec(3, 1, 3, 30));
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), 1);
        Assert.Equal(1, algorithm.Book.Count);
        Assert.Equal((3, TrialStatus.Completed), (result.Best!.Epochs, algorithm.Book.Trial("t-0001").Status));
    }

    [Fact]
    public void Waits_for_running_work_before_promoting_beyond_the_quota()
    {
        var algorithm = new AshaAlgorithm(TestSpaces.Context(space: TestSpaces.Tiny(2)), new AshaSpec(9, 1, 3, 30));
        var first = algorithm.NextItem();
        var second = algorithm.NextItem();
        algorithm.Finish(first.WorkId, TestSpaces.Completed(first, _ => 0.2));
        // Space exhausted, but t-0002 may still change rung 0's order: nothing to start until it reports.
        Assert.IsType<SearchDecision.NoneRightNow>(algorithm.Decide());
        algorithm.Finish(second.WorkId, TestSpaces.Completed(second, _ => 0.1));
        var next = algorithm.NextItem();
        Assert.Equal(("t-0002", 1), (next.TrialId, next.Round));
    }
}
