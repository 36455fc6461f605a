using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Tests.Search;

/// <summary>The book's trial records are kept until their trial changes: an unchanged trial is the same record from one
/// <see cref="TrialBook.Trials"/> to the next (no copy of its history), and every kind of change shows in the next one.</summary>
public sealed class TrialBookSnapshotTests
{
    private static readonly Hyperparameters Hp = Hyperparameters.Empty.With("units", HyperparameterValue.Int(8));

    private static WorkItem Work(string trialId, int from, int to, int round = 0) =>
        new($"{trialId}.r{round}.x0", trialId, Hp, Seed: 1, Execution: 0, Round: round, FromEpoch: from, ToEpoch: to, ResumeFrom: null);

    private static EpochMetrics Epoch(int epoch, double valLoss) => new(epoch, valLoss + 0.1, valLoss, null, null);

    [Fact]
    public void An_unchanged_trial_is_the_same_record_and_each_change_shows_in_the_next()
    {
        var book = new TrialBook(ObjectiveKind.ValLoss);
        book.Start(Work("t-0001", 0, 2));
        book.Start(Work("t-0002", 0, 2));
        var first = book.Trials();
        Assert.Same(first[0], book.Trials()[0]);

        // A live epoch report changes t-0001 only.
        book.Report("t-0001.r0.x0", Epoch(1, 0.5));
        var second = book.Trials();
        Assert.NotSame(first[0], second[0]);
        Assert.Same(first[1], second[1]);
        Assert.Equal(1, second[0].Epochs);
        Assert.Equal(0.5, second[0].Objective);

        // Finishing replaces the live reports with the outcome.
        book.Finish("t-0001.r0.x0", WorkOutcome.Completed([Epoch(1, 0.4), Epoch(2, 0.3)]));
        var third = book.Trials();
        Assert.Equal([0.4, 0.3], third[0].History.Select(e => e.ValLoss!.Value));
        Assert.Equal(0.3, book.Trial("t-0001").Objective);

        // A status change, and the next round's work on the same trial.
        book.SetStatus("t-0001", TrialStatus.Completed);
        Assert.Equal(TrialStatus.Completed, book.Trials()[0].Status);
        book.Start(Work("t-0001", 2, 4, round: 1));
        var fourth = book.Trials()[0];
        Assert.Equal((TrialStatus.Running, 1), (fourth.Status, fourth.Round));
        Assert.Equal("t-0001.r1.x0", fourth.Executions.Single().LastWorkId);
        Assert.Same(first[1], book.Trials()[1]);
        Assert.Same(fourth, book.Best());

        // Forgotten (nobody looks at the job), the records are taken afresh, the same in every field.
        book.ForgetRecords();
        var fifth = book.Trials();
        Assert.NotSame(first[1], fifth[1]);
        Assert.Equal(first[1], fifth[1]);
    }
}
