using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Coordinator.Search.Simulation;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Tests.Search;

public sealed class HyperbandAlgorithmTests
{
    private static HyperbandAlgorithm Create(int maxEpochs = 27, int factor = 3, int iterations = 1, long seed = 42) =>
        new(TestSpaces.Context(seed), new HyperbandSpec(maxEpochs, factor, iterations));

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(100)]
    public void Trial_counts_and_epochs_per_round_equal_the_schedule(int workers)
    {
        var algorithm = Create();
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), workers);
        var started = result.Events.OfType<WorkStarted>().Select(e => e.Item).ToList();

        foreach (var bracket in algorithm.Schedule.Brackets)
        {
            for (var i = 0; i < bracket.Rounds.Count; i++)
            {
                var items = started.Where(w => w.Bracket == bracket.Bracket && w.Round == i).ToList();
                var previous = i == 0 ? 0 : bracket.Rounds[i - 1].Epochs;
                Assert.Equal(bracket.Rounds[i].Trials, items.Count);
                Assert.All(items, w =>
                {
                    Assert.Equal(previous, w.FromEpoch);
                    Assert.Equal(bracket.Rounds[i].Epochs, w.ToEpoch);
                    // A promoted trial continues from its own previous round's checkpoint.
                    Assert.Equal(i == 0 ? null : $"{w.TrialId}.r{i - 1}.x0", w.ResumeFrom);
                });
            }
        }
        Assert.Equal(algorithm.Schedule.TotalEpochs, result.EpochsTrained);
        Assert.Equal(357, result.EpochsTrained);
        Assert.Equal(algorithm.Schedule.TotalTrials, algorithm.Book.Count);
        Assert.Equal(algorithm.Book.Count, algorithm.Book.Trials().Select(t => t.TrialId).Distinct().Count());
        Assert.IsType<SearchDecision.Finished>(algorithm.Decide());
    }

    [Fact]
    public void The_best_found_is_the_best_of_the_final_rounds_and_every_trial_ends_completed_or_stopped()
    {
        var algorithm = Create(81);
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), 8);
        var trials = algorithm.Book.Trials();

        Assert.All(trials, t => Assert.Contains(t.Status, new[] { TrialStatus.Completed, TrialStatus.Stopped }));
        var completed = trials.Where(t => t.Status == TrialStatus.Completed).ToList();
        // One trial completes the final round of each bracket.
        Assert.Equal(algorithm.Schedule.Brackets.Sum(b => b.Rounds[^1].Trials), completed.Count);
        Assert.All(completed, t => Assert.Equal(81, t.Epochs));
        var best = Assert.IsType<TrialRecord>(result.Best);
        Assert.Equal(TrialStatus.Completed, best.Status);
        Assert.Equal(completed.Min(t => t.Objective), best.Objective);
        Assert.All(trials, t => Assert.True(t.Objective >= best.Objective));
    }

    [Fact]
    public void Stopped_trials_are_never_better_than_the_promoted_ones_of_their_round()
    {
        var algorithm = Create(27);
        FleetSimulator.Run(algorithm, new SyntheticLearningCurve(noise: 0.02), 5);
        var trials = algorithm.Book.Trials();
        foreach (var group in trials.GroupBy(t => (t.Bracket, t.Round)))
        {
            var stopped = group.Where(t => t.Status == TrialStatus.Stopped).ToList();
            var promotedFromHere = trials.Where(t => t.Bracket == group.Key.Bracket && t.Round > group.Key.Round).ToList();
            foreach (var s in stopped)
                foreach (var p in promotedFromHere)
                    Assert.True(p.History.Where(e => e.Epoch <= s.Epochs).Min(e => e.ValLoss) <= s.Objective,
                        $"{s.TrialId} was stopped although {p.TrialId} ranked worse at {s.Epochs} epochs");
        }
    }

    [Fact]
    public void Runs_are_reproducible_from_the_seed_and_independent_of_the_number_of_workers()
    {
        var single = Create();
        var one = FleetSimulator.Run(single, new SyntheticLearningCurve(), 1);
        var again = FleetSimulator.Run(Create(), new SyntheticLearningCurve(), 1);
        var many = Create();
        var manyResult = FleetSimulator.Run(many, new SyntheticLearningCurve(), 13);
        var otherSeed = FleetSimulator.Run(Create(seed: 7), new SyntheticLearningCurve(), 1);

        Assert.Equal(one.Events, again.Events);
        Assert.NotEqual(one.Events, manyResult.Events); // the timing differs…
        Assert.Equal(one.Best, manyResult.Best);        // …the search does not
        static IEnumerable<(string, string, TrialStatus, double?)> Summary(IEnumerable<TrialRecord> trials) =>
            trials.OrderBy(t => t.TrialId).Select(t => (t.TrialId, t.Hyperparameters.ToJson(), t.Status, t.Objective));
        Assert.Equal(Summary(single.Book.Trials()), Summary(many.Book.Trials()));
        Assert.NotEqual(one.Best!.Hyperparameters, otherSeed.Best!.Hyperparameters);
    }

    [Fact]
    public void Brackets_run_concurrently_a_free_worker_takes_the_next_bracket_instead_of_waiting()
    {
        var algorithm = Create();
        var first = Enumerable.Range(0, 27).Select(_ => algorithm.NextItem()).ToList();
        Assert.All(first, w => Assert.Equal(3, w.Bracket));
        // Bracket 3's round 0 is all handed out and none has finished: the next worker starts bracket 2.
        var next = algorithm.NextItem();
        Assert.Equal((2, 0, 0, 3), (next.Bracket!.Value, next.Round, next.FromEpoch, next.ToEpoch));
        Assert.Equal("t-0028", next.TrialId);
    }

    [Fact]
    public void A_completed_round_is_promoted_before_later_brackets_get_work()
    {
        var algorithm = Create(9);
        var round0 = Enumerable.Range(0, 9).Select(_ => algorithm.NextItem()).ToList();
        algorithm.NextItem(); // bracket 1 starts meanwhile
        foreach (var (item, i) in round0.Select((w, i) => (w, i)))
            algorithm.Finish(item.WorkId, TestSpaces.Completed(item, _ => 1.0 - 0.01 * i)); // later trials are better

        var promoted = Enumerable.Range(0, 3).Select(_ => algorithm.NextItem()).ToList();
        Assert.Equal(["t-0009", "t-0008", "t-0007"], promoted.Select(w => w.TrialId));
        Assert.All(promoted, w => Assert.Equal((2, 1, 1, 3), (w.Bracket!.Value, w.Round, w.FromEpoch, w.ToEpoch)));
        Assert.Equal(TrialStatus.Stopped, algorithm.Book.Trial("t-0001").Status);
        Assert.Equal(1, algorithm.NextItem().Bracket); // then bracket 1 again
    }

    [Fact]
    public void Ties_break_by_trial_id()
    {
        var algorithm = Create(9);
        var round0 = Enumerable.Range(0, 9).Select(_ => algorithm.NextItem()).ToList();
        foreach (var item in round0.AsEnumerable().Reverse())
            algorithm.Finish(item.WorkId, TestSpaces.Completed(item, _ => 0.5));
        Assert.Equal(["t-0001", "t-0002", "t-0003"], Enumerable.Range(0, 3).Select(_ => algorithm.NextItem().TrialId));
    }

    [Fact]
    public void Diverged_and_failed_trials_rank_last_and_are_never_promoted()
    {
        var algorithm = Create(9);
        var round0 = Enumerable.Range(0, 9).Select(_ => algorithm.NextItem()).ToList();
        algorithm.Finish(round0[0].WorkId, WorkOutcome.Diverged([new(1, double.NaN, double.NaN)]));
        algorithm.Finish(round0[1].WorkId, WorkOutcome.Failed("out of memory"));
        // A "completed" report with an infinite loss is a divergence too.
        algorithm.Finish(round0[2].WorkId, TestSpaces.Completed(round0[2], _ => double.PositiveInfinity));
        for (var i = 3; i < 9; i++)
            algorithm.Finish(round0[i].WorkId, TestSpaces.Completed(round0[i], _ => 10.0 + i));

        var promoted = Enumerable.Range(0, 3).Select(_ => algorithm.NextItem().TrialId).ToList();
        Assert.Equal(["t-0004", "t-0005", "t-0006"], promoted);
        Assert.Equal(TrialStatus.Diverged, algorithm.Book.Trial("t-0001").Status);
        Assert.Equal(TrialStatus.Failed, algorithm.Book.Trial("t-0002").Status);
        Assert.Equal("out of memory", algorithm.Book.Trial("t-0002").Error);
        Assert.Equal(TrialStatus.Diverged, algorithm.Book.Trial("t-0003").Status);
        Assert.Null(algorithm.Book.Trial("t-0001").Objective);
    }

    [Fact]
    public void A_round_with_fewer_valid_trials_than_places_promotes_only_those_and_an_empty_one_ends_the_bracket()
    {
        var algorithm = Create(3, 3); // brackets: s=1 (3 trials at 1, then 1 at 3), s=0 (2 trials at 3)
        var round0 = Enumerable.Range(0, 3).Select(_ => algorithm.NextItem()).ToList();
        foreach (var item in round0) algorithm.Finish(item.WorkId, WorkOutcome.Failed("boom"));
        // Nothing to promote: bracket 1 is over, bracket 0 gets the workers.
        var next = algorithm.NextItem();
        Assert.Equal(0, next.Bracket);
    }

    [Fact]
    public void Divergence_in_a_simulated_run_never_reaches_the_best_or_a_later_round()
    {
        // A space where most configurations diverge (learning rate above 7e-3 with 384+ units, from epoch 3).
        var space = new SearchSpace([
            new IntParameter("units", 320, 512, 64),
            new FloatParameter("learning_rate", 5e-3, 1e-2, null, Sampling.Log),
        ]);
        var algorithm = new HyperbandAlgorithm(TestSpaces.Context(space: space), new HyperbandSpec(27, 3));
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(divergence: true), 6);
        var diverged = algorithm.Book.Trials().Where(t => t.Status == TrialStatus.Diverged).ToList();
        Assert.NotEmpty(diverged);
        Assert.All(diverged, t => Assert.Null(t.Objective));
        Assert.NotEqual(TrialStatus.Diverged, result.Best!.Status);
        var started = result.Events.OfType<WorkStarted>().Select(e => e.Item).ToList();
        foreach (var t in diverged)
            Assert.Single(started, w => w.TrialId == t.TrialId && w.Round == t.Round); // nothing after the round it diverged in
    }

    [Fact]
    public void Iterations_repeat_the_brackets_with_new_trials()
    {
        var algorithm = Create(9, 3, iterations: 2);
        var result = FleetSimulator.Run(algorithm, new SyntheticLearningCurve(), 3);
        Assert.Equal(2 * 17, algorithm.Book.Count);
        Assert.Equal(138, result.EpochsTrained);
        Assert.Equal([0, 1], algorithm.Book.Trials().Select(t => t.Iteration!.Value).Distinct().Order());
    }

    [Fact]
    public void Decide_is_pure()
    {
        var algorithm = Create();
        for (var i = 0; i < 30; i++) algorithm.NextItem();
        var before = algorithm.Book.Trials();
        var decisions = Enumerable.Range(0, 5).Select(_ => algorithm.Decide()).ToList();
        Assert.All(decisions, d => Assert.Equal(decisions[0], d));
        Assert.Equal(before, algorithm.Book.Trials());
        Assert.Equal(30, algorithm.Book.Count);
    }

    [Fact]
    public void Planned_epochs_are_the_schedule_total()
    {
        Assert.Equal(1581, Create(81).PlannedEpochs);
    }
}
