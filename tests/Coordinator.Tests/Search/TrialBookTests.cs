using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.RandomSearch;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Tests.Search;

public sealed class TrialBookTests
{
    private static RandomSearchAlgorithm Random(int trials = 3, int executions = 1, int epochs = 3, ObjectiveKind objective = ObjectiveKind.ValLoss) =>
        new(new SearchContext(TestSpaces.Example, 1, objective), new RandomSearchSpec(trials, executions, epochs));

    [Fact]
    public void Live_epochs_count_while_running_and_the_outcome_replaces_them()
    {
        var algorithm = Random();
        var item = algorithm.NextItem();
        algorithm.ReportEpoch(item.WorkId, new EpochMetrics(1, 0.9, 0.95));
        algorithm.ReportEpoch(item.WorkId, new EpochMetrics(1, 0.8, 0.85)); // a retried attempt reports epoch 1 again
        algorithm.ReportEpoch(item.WorkId, new EpochMetrics(2, 0.7, 0.75));
        Assert.Equal(2, algorithm.Book.EpochsTrained);
        Assert.Equal(0.75, algorithm.Book.Trial(item.TrialId).Objective);
        Assert.Equal([new EpochMetrics(1, 0.8, 0.85), new EpochMetrics(2, 0.7, 0.75)], algorithm.Book.Trial(item.TrialId).History);
        Assert.Equal(TrialStatus.Running, algorithm.Book.Trial(item.TrialId).Status);

        algorithm.Finish(item.WorkId, WorkOutcome.Completed([new(1, 0.6, 0.65), new(2, 0.5, 0.55), new(3, 0.4, 0.45)]));
        var trial = algorithm.Book.Trial(item.TrialId);
        Assert.Equal(3, algorithm.Book.EpochsTrained);
        Assert.Equal((TrialStatus.Completed, 0.45, 3), (trial.Status, trial.Objective!.Value, trial.Epochs));
        Assert.Equal(item.WorkId, trial.CheckpointWorkId);
    }

    [Fact]
    public void The_objective_is_the_best_epoch_not_the_last()
    {
        var algorithm = Random();
        var item = algorithm.NextItem();
        algorithm.Finish(item.WorkId, WorkOutcome.Completed([new(1, 0.5, 0.5), new(2, 0.2, 0.2), new(3, 0.3, 0.4)]));
        Assert.Equal(0.2, algorithm.Book.Trial(item.TrialId).Objective);
    }

    [Fact]
    public void The_loss_objective_reads_loss()
    {
        var algorithm = Random(objective: ObjectiveKind.Loss);
        var item = algorithm.NextItem();
        algorithm.Finish(item.WorkId, WorkOutcome.Completed([new(1, 0.3, null), new(2, 0.25, null), new(3, 0.26, null)]));
        Assert.Equal(0.25, algorithm.Book.Trial(item.TrialId).Objective);
    }

    [Fact]
    public void A_completed_report_without_the_objective_metric_is_a_failure()
    {
        var algorithm = Random();
        var item = algorithm.NextItem();
        algorithm.Finish(item.WorkId, WorkOutcome.Completed([new(1, 0.3, null)]));
        var trial = algorithm.Book.Trial(item.TrialId);
        Assert.Equal((TrialStatus.Failed, "no val_loss was reported"), (trial.Status, trial.Error));
    }

    [Fact]
    public void Diverged_histories_keep_only_finite_epochs_but_count_every_trained_epoch()
    {
        var algorithm = Random();
        var item = algorithm.NextItem();
        algorithm.Finish(item.WorkId, WorkOutcome.Diverged([new(1, 0.5, 0.5), new(2, double.NaN, double.NaN)]));
        var trial = algorithm.Book.Trial(item.TrialId);
        Assert.Equal([new EpochMetrics(1, 0.5, 0.5)], trial.History);
        Assert.Equal(2, algorithm.Book.EpochsTrained);
        Assert.Null(trial.Objective);
        Assert.Equal("the loss became NaN or infinite", trial.Error);
    }

    [Fact]
    public void A_diverged_trial_keeps_why_its_worker_said_and_a_non_finite_epoch_reported_as_completed_says_where()
    {
        // The worker's reason never reached results.json or trials.csv: a diverged trial's row had no error at all.
        var algorithm = Random();
        var said = algorithm.NextItem();
        algorithm.Finish(said.WorkId, new WorkOutcome(WorkOutcomeKind.Diverged, [new(1, 0.5, 0.5)], "training loss became NaN in epoch 2"));
        Assert.Equal((TrialStatus.Diverged, "training loss became NaN in epoch 2"), (algorithm.Book.Trial(said.TrialId).Status, algorithm.Book.Trial(said.TrialId).Error));
        var reported = algorithm.NextItem();
        algorithm.Finish(reported.WorkId, WorkOutcome.Completed([new(1, 0.5, 0.5), new(2, 0.4, double.PositiveInfinity)]));
        Assert.Equal((TrialStatus.Diverged, "val_loss became Infinity in epoch 2"), (algorithm.Book.Trial(reported.TrialId).Status, algorithm.Book.Trial(reported.TrialId).Error));
    }

    [Fact]
    public void Best_ties_go_to_the_earlier_trial_also_past_trial_9999()
    {
        // "t-10000" sorts before "t-2004" as text; the table (TrialOrder) ranks ties by start order, and so must Best().
        var algorithm = Random(trials: 10_000);
        var items = Enumerable.Range(0, 10_000).Select(_ => algorithm.NextItem()).ToList();
        Assert.Equal("t-10000", items[^1].TrialId);
        algorithm.Finish(items[^1].WorkId, WorkOutcome.Completed([new(1, 0.5, 0.5)]));
        algorithm.Finish(items[2003].WorkId, WorkOutcome.Completed([new(1, 0.5, 0.5)]));
        Assert.Equal("t-2004", algorithm.Book.Best()!.TrialId);
    }

    [Fact]
    public void Best_ties_go_to_the_lower_trial_id()
    {
        var algorithm = Random();
        var a = algorithm.NextItem();
        var b = algorithm.NextItem();
        algorithm.Finish(b.WorkId, WorkOutcome.Completed([new(1, 0.5, 0.5)]));
        algorithm.Finish(a.WorkId, WorkOutcome.Completed([new(1, 0.5, 0.5)]));
        Assert.Equal("t-0001", algorithm.Book.Best()!.TrialId);
    }

    [Fact]
    public void Several_executions_give_a_mean_curve_and_the_best_executions_checkpoint()
    {
        var algorithm = Random(trials: 1, executions: 2, epochs: 2);
        var x0 = algorithm.NextItem();
        var x1 = algorithm.NextItem();
        algorithm.Finish(x0.WorkId, WorkOutcome.Completed([new(1, 0.4, 0.4), new(2, 0.2, 0.3)]));
        algorithm.Finish(x1.WorkId, WorkOutcome.Completed([new(1, 0.2, 0.2), new(2, 0.1, 0.1)]));
        var trial = algorithm.Book.Trial("t-0001");
        Assert.Equal([new EpochMetrics(1, 0.30000000000000004, 0.30000000000000004), new EpochMetrics(2, 0.15000000000000002, 0.2)], trial.History);
        Assert.Equal((0.3 + 0.1) / 2, trial.Objective!.Value, 15);
        Assert.Equal(x1.WorkId, trial.CheckpointWorkId);
        Assert.Equal([0.3, 0.1], trial.Executions.Select(e => e.Objective!.Value));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Best_kept_from_changed_trials_equals_a_scan_of_every_trial(int seed)
    {
        // Two executions per trial, so the best trial can get worse (its mean rises) or drop out (diverged, failed):
        // the cases where the best of the unchanged trials is not enough.
        var algorithm = Random(trials: 40, executions: 2, epochs: 3);
        var rng = new System.Random(seed);
        var running = new List<WorkItem>();
        for (int step = 0; step < 400 && (running.Count > 0 || algorithm.Decide() is SearchDecision.Run); step++)
        {
            int action = rng.Next(4);
            if (running.Count == 0 || (action == 0 && algorithm.Decide() is SearchDecision.Run))
            {
                running.Add(algorithm.NextItem());
            }
            else
            {
                var item = running[rng.Next(running.Count)];
                var values = Enumerable.Range(1, 3).Select(_ => Math.Round(rng.NextDouble(), 1)).ToArray(); // rounded: ties happen
                if (action == 1)
                {
                    algorithm.ReportEpoch(item.WorkId, new EpochMetrics(rng.Next(1, 4), values[0], values[0]));
                }
                else
                {
                    running.Remove(item);
                    algorithm.Finish(item.WorkId, rng.Next(5) switch
                    {
                        0 => WorkOutcome.Diverged([new(1, values[0], values[0]), new(2, double.NaN, double.NaN)]),
                        1 => WorkOutcome.Failed("boom"),
                        _ => WorkOutcome.Completed(values.Select((v, i) => new EpochMetrics(i + 1, v, v))),
                    });
                }
            }
            if (rng.Next(3) > 0) continue; // several changes between some asks
            var expected = algorithm.Book.Trials()
                .Where(t => t.Status.IsRankable() && t.Objective is not null)
                .OrderBy(t => t.Objective).ThenBy(t => t.TrialId, StringComparer.Ordinal)
                .FirstOrDefault();
            Assert.Equal(expected?.TrialId, algorithm.Book.Best()?.TrialId);
        }
    }

    [Fact]
    public void Running_work_is_listed_in_start_order()
    {
        var algorithm = Random();
        var a = algorithm.NextItem();
        var b = algorithm.NextItem();
        Assert.Equal([a, b], algorithm.Book.Running());
        algorithm.Finish(a.WorkId, WorkOutcome.Failed("x"));
        Assert.Equal([b], algorithm.Book.Running());
        Assert.Equal(a, algorithm.Book.Work(a.WorkId));
    }

    [Fact]
    public void Status_words_are_the_results_json_words()
    {
        Assert.Equal(["running", "waiting", "completed", "stopped", "diverged", "failed", "cancelled"],
            Enum.GetValues<TrialStatus>().Select(s => s.Word()));
    }
}
