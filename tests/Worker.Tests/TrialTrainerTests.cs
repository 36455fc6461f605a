using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Search;
using Tuner.Engine.Data;
using Tuner.Engine.Training;
using EpochMetrics = Tuner.Contracts.Search.EpochMetrics;
using Tuner.Worker.Tests.Support;
using Tuner.Training;

namespace Tuner.Worker.Tests;

public sealed class TrialTrainerTests
{
    private static readonly JobSpec Spec = TestJobs.ParsedSine();
    private static readonly TaskData Data = JobData.Prepare(Spec);

    private static TrialPlan Plan(int from, int to, Hyperparameters? configuration = null, long seed = 11) =>
        new(Spec, configuration ?? TestJobs.Configuration(), seed, from, to);

    [Fact]
    public void A_fresh_trial_reports_every_epoch_and_completes_with_its_history_and_final_checkpoint()
    {
        var reported = new List<EpochMetrics>();
        var outcome = new TrialTrainer(Plan(0, 3), Data).Run((e, seconds) => reported.Add(e));

        Assert.Equal(AttemptOutcome.Completed, outcome.Outcome);
        Assert.Null(outcome.Error);
        Assert.Equal([1, 2, 3], reported.Select(e => e.Epoch));
        Assert.Equal(reported, outcome.History);
        Assert.All(outcome.History, e => Assert.NotNull(e.ValLoss));
        Assert.Equal(3, outcome.Checkpoint!.Epoch);
        var saved = TestJobs.Contents(outcome.Checkpoint.Bytes);
        Assert.Equal(3, saved.Epochs);
        Assert.Equal(outcome.History.Select(e => (e.Epoch, e.Loss, e.ValLoss)), saved.History);
        Assert.True(outcome.Seconds > 0);
    }

    [Fact]
    public void A_best_epoch_before_the_last_travels_as_its_own_state_and_a_resumed_attempt_keeps_one_only_when_it_beats_the_earlier_epochs()
    {
        // A large learning rate makes val_loss bounce, so some seeds' best epoch comes before their last.
        var outcomes = Enumerable.Range(1, 6).Select(seed => new TrialTrainer(Plan(0, 8, TestJobs.Configuration(units: 6, learningRate: 0.08), seed), Data).Run()).ToList();
        foreach (var outcome in outcomes)
        {
            var best = EpochMetrics.Best(outcome.History, ObjectiveKind.ValLoss)!;
            if (best.Epoch == 8)
            {
                Assert.Null(outcome.BestCheckpoint); // the final checkpoint is the best state already
                continue;
            }
            Assert.Equal(best.Epoch, outcome.BestCheckpoint!.Epoch);
            var saved = TestJobs.Contents(outcome.BestCheckpoint.Bytes);
            Assert.Equal(best.Epoch, saved.Epochs); // that epoch's own state, not the last one's
            Assert.Equal(outcome.History.Take(best.Epoch).Select(e => (e.Epoch, e.Loss, e.ValLoss)), saved.History);
        }
        var earlier = outcomes.First(o => o.BestCheckpoint is not null);

        // Resumed from its last state: an epoch counts only when it beats every earlier epoch of the trial.
        var seed = outcomes.IndexOf(earlier) + 1;
        var resumed = new TrialTrainer(Plan(8, 10, TestJobs.Configuration(units: 6, learningRate: 0.08), seed), Data, earlier.Checkpoint!.Bytes).Run();
        var incumbent = EpochMetrics.Best(earlier.History, ObjectiveKind.ValLoss)!.ValLoss!.Value;
        var beaten = resumed.History.Where(e => e.ValLoss < incumbent).ToList();
        if (beaten.Count == 0 || EpochMetrics.Best(resumed.History, ObjectiveKind.ValLoss)!.Epoch == 10) Assert.Null(resumed.BestCheckpoint);
        else Assert.Equal(EpochMetrics.Best(resumed.History, ObjectiveKind.ValLoss)!.Epoch, resumed.BestCheckpoint!.Epoch);
    }

    [Fact]
    public void The_model_follows_the_configuration_and_the_seed()
    {
        var a = new TrialTrainer(Plan(0, 1, TestJobs.Configuration(units: 4)), Data).Run();
        var b = new TrialTrainer(Plan(0, 1, TestJobs.Configuration(units: 8)), Data).Run();
        var c = new TrialTrainer(Plan(0, 1, TestJobs.Configuration(units: 4), seed: 12), Data).Run();
        using var sessionA = TrainingSession.Restore(a.Checkpoint!.Bytes);
        using var sessionB = TrainingSession.Restore(b.Checkpoint!.Bytes);
        Assert.Equal(4, sessionA.Model.Spec.Units);
        Assert.Equal(8, sessionB.Model.Spec.Units);
        Assert.Equal(0.01f, sessionA.Optimizer.Spec.LearningRate);
        Assert.Equal(16, sessionA.BatchSize);
        Assert.NotEqual(TestJobs.Contents(a.Checkpoint.Bytes).Weights, TestJobs.Contents(c.Checkpoint!.Bytes).Weights);
    }

    [Fact]
    public void Resuming_from_epoch_two_is_bit_identical_to_training_straight_through()
    {
        var straight = new TrialTrainer(Plan(0, 4), Data).Run();
        var first = new TrialTrainer(Plan(0, 2), Data).Run();
        var resumed = new TrialTrainer(Plan(2, 4), Data, first.Checkpoint!.Bytes).Run();

        Assert.Equal(AttemptOutcome.Completed, resumed.Outcome);
        Assert.Equal(straight.History, resumed.History);
        var a = TestJobs.Contents(straight.Checkpoint!.Bytes);
        var b = TestJobs.Contents(resumed.Checkpoint!.Bytes);
        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.OptimizerState, b.OptimizerState);
        Assert.Equal(a.History, b.History);
        // The generator state travels too: one more epoch from each stays identical.
        var fifthA = new TrialTrainer(Plan(4, 5), Data, straight.Checkpoint.Bytes).Run();
        var fifthB = new TrialTrainer(Plan(4, 5), Data, resumed.Checkpoint.Bytes).Run();
        Assert.Equal(TestJobs.Contents(fifthA.Checkpoint!.Bytes).Weights, TestJobs.Contents(fifthB.Checkpoint!.Bytes).Weights);
    }

    [Fact]
    public void Cancelling_stops_with_the_history_so_far_and_the_last_completed_epoch_checkpoint()
    {
        using var cancellation = new CancellationTokenSource();
        var trainer = new TrialTrainer(Plan(0, 10_000), Data);
        var outcome = trainer.Run((e, _) =>
        {
            if (e.Epoch == 3) cancellation.Cancel();
        }, cancellation.Token);

        Assert.Equal(AttemptOutcome.Cancelled, outcome.Outcome);
        Assert.Equal([1, 2, 3], outcome.History.Select(e => e.Epoch));
        Assert.Equal(3, outcome.Checkpoint!.Epoch);
        Assert.Same(trainer.LastCheckpoint, outcome.Checkpoint);
        Assert.Equal(3, TestJobs.Contents(outcome.Checkpoint.Bytes).Epochs);
    }

    [Fact]
    public void A_resumed_trial_keeps_the_epochs_before_its_checkpoint_in_its_history()
    {
        var first = new TrialTrainer(Plan(0, 2), Data).Run();
        var trainer = new TrialTrainer(Plan(2, 3), Data, first.Checkpoint!.Bytes);
        Assert.Equal(2, trainer.LastCheckpoint!.Epoch);
        var reported = new List<int>();
        var outcome = trainer.Run((e, _) => reported.Add(e.Epoch));
        Assert.Equal([3], reported);
        Assert.Equal([1, 2, 3], outcome.History.Select(e => e.Epoch));
        Assert.Equal(first.History, outcome.History.Take(2));
    }

    [Fact]
    public void A_corrupt_resume_checkpoint_fails_with_a_clear_error()
    {
        var good = new TrialTrainer(Plan(0, 1), Data).Run().Checkpoint!.Bytes;
        var corrupt = (byte[])good.Clone();
        corrupt[corrupt.Length / 2] ^= 0xFF;

        var outcome = new TrialTrainer(Plan(1, 3), Data, corrupt).Run();

        Assert.Equal(AttemptOutcome.Failed, outcome.Outcome);
        Assert.Equal("the resume checkpoint is unusable: checkpoint is corrupt (checksum mismatch)", outcome.Error);
        Assert.Empty(outcome.History);
    }

    [Fact]
    public void A_checkpoint_of_another_epoch_or_configuration_is_refused()
    {
        var twoEpochs = new TrialTrainer(Plan(0, 2), Data).Run().Checkpoint!.Bytes;

        var wrongEpoch = new TrialTrainer(Plan(1, 3), Data, twoEpochs).Run();
        var wrongModel = new TrialTrainer(Plan(2, 3, TestJobs.Configuration(units: 5)), Data, twoEpochs).Run();

        Assert.Equal(AttemptOutcome.Failed, wrongEpoch.Outcome);
        Assert.Contains("holds 2 epochs, the assignment resumes after epoch 1", wrongEpoch.Error);
        Assert.Equal(AttemptOutcome.Failed, wrongModel.Outcome);
        Assert.Contains("another configuration", wrongModel.Error);
    }

    [Fact]
    public void An_exception_during_training_becomes_a_failed_outcome_with_the_history_so_far()
    {
        var outcome = new TrialTrainer(Plan(0, 5), Data).Run((e, _) =>
        {
            if (e.Epoch == 2) throw new InvalidOperationException("disk on fire");
        });

        Assert.Equal(AttemptOutcome.Failed, outcome.Outcome);
        Assert.Equal("training failed: InvalidOperationException: disk on fire", outcome.Error);
        Assert.Equal([1, 2], outcome.History.Select(e => e.Epoch));
    }

    [Fact]
    public void A_diverging_configuration_ends_diverged()
    {
        var spec = JobSpecParser.Parse(TestJobs.SineSpec().Replace("\"adam\"", "\"sgd\""));
        var plan = new TrialPlan(spec with { Optimizer = OptimizerKind.Sgd }, TestJobs.Configuration(learningRate: 1e6), 1, 0, 20);

        var outcome = new TrialTrainer(plan, Data).Run();

        Assert.Equal(AttemptOutcome.Diverged, outcome.Outcome);
        Assert.Contains("loss became", outcome.Error);
        Assert.True(outcome.History.Count < 20);
    }

    [Fact]
    public void An_empty_epoch_range_fails_without_training()
    {
        var outcome = new TrialTrainer(Plan(3, 2), Data).Run();
        Assert.Equal(AttemptOutcome.Failed, outcome.Outcome);
        Assert.Equal("cannot train epochs 4..2", outcome.Error);
    }
}
