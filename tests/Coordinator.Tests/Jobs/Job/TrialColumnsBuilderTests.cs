using Tuner.Contracts.Collections;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Jobs.Job;

namespace Tuner.Coordinator.Tests.Jobs.Job;

/// <summary><see cref="TrialColumnsBuilder"/>: every trial at the same position of every column, repeated words once,
/// numbers for numeric hyperparameters and codes for the rest, what a trial lacks marked missing.</summary>
public sealed class TrialColumnsBuilderTests
{
    [Fact]
    public void Every_column_holds_trial_i_at_position_i_with_words_listed_once()
    {
        var lstm = new Hyperparameters([new("units", HyperparameterValue.Int(32)), new("cell", HyperparameterValue.String("lstm"))]);
        var gru = new Hyperparameters([new("units", HyperparameterValue.Int(64)), new("cell", HyperparameterValue.String("gru"))]);
        var trials = new[]
        {
            new TrialResult("t-0001", lstm, "completed", 0.5, 0.4, 3, 1, 0, "w1", 1.25, [new EpochMetrics(1, 0.4, 0.5)]),
            new TrialResult("t-0002", gru, "failed", null, null, 0, 1, 0, null, 0, [], Error: "boom"),
            new TrialResult("t-0003", new Hyperparameters([new("units", HyperparameterValue.Int(32))]), "completed", 0.25, 0.2, 3, 0, 1, "w1", 2, []),
        };
        var space = new[] { new SearchDimension("units", "int", 32, 64, 32), new SearchDimension("cell", "choice", Values: [HyperparameterValue.String("lstm"), HyperparameterValue.String("gru")]) };

        var c = TrialColumnsBuilder.Build(trials, "val_loss", space, 42);

        Assert.Equal(42, c.Version);
        Assert.Equal(["t-0001", "t-0002", "t-0003"], c.Ids);
        Assert.Equal(["completed", "failed"], c.StatusWords);
        Assert.Equal([0, 1, 0], c.Status);
        Assert.Equal(["val_loss", "loss"], c.Metrics.Select(m => m.Name));
        Assert.Equal([0.5f, null, 0.25f], c.Metrics[0].Values);
        Assert.Equal([3, 0, 3], c.Epochs);
        Assert.Equal([0, 0, 1], c.Round);
        Assert.Equal(["w1"], c.WorkerWords);
        Assert.Equal([0, -1, 0], c.Worker);
        Assert.Equal([1.25f, 0f, 2f], c.Seconds);
        Assert.Equal([32f, 64f, 32f], c.Hyperparameters[0].Numbers!);
        Assert.Null(c.Hyperparameters[0].Codes);
        Assert.Equal(["\"lstm\"", "\"gru\""], c.Hyperparameters[1].Words!);
        Assert.Equal([0, 1, -1], c.Hyperparameters[1].Codes!);
        Assert.Equal([new TrialError(1, "boom")], c.Errors!);
        Assert.Equal(space, c.SearchSpace!);
    }

    [Fact]
    public void Accuracy_columns_appear_when_a_trial_has_one()
    {
        var hp = new Hyperparameters([new("units", HyperparameterValue.Int(8))]);
        var c = TrialColumnsBuilder.Build([new TrialResult("t-0001", hp, "completed", 0.5, 0.4, 1, null, null, null, 0, [], ValAccuracy: 0.8, Accuracy: 0.9)], "val_accuracy", null, 0);
        Assert.Equal(["val_loss", "loss", "val_accuracy", "accuracy"], c.Metrics.Select(m => m.Name));
        Assert.Equal([0.8f], c.Metrics[2].Values);
        Assert.Equal(["units"], c.Hyperparameters.Select(h => h.Name)); // no search space: the names the trials have
    }
}
