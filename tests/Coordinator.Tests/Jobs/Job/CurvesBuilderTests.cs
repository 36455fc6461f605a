using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Jobs.Job;

namespace Tuner.Coordinator.Tests.Jobs.Job;

/// <summary><see cref="CurvesBuilder"/>: the best k curves, best first and stable under ties, the trials asked for besides,
/// and per epoch the quantiles of every trial that reached it.</summary>
public sealed class CurvesBuilderTests
{
    private static TrialResult Trial(string id, double? objective, params double[] valLosses) => new(
        id, new Hyperparameters([new("units", HyperparameterValue.Int(8))]), objective is null ? "diverged" : "completed", objective, objective, valLosses.Length,
        null, null, "w", 1, valLosses.Select((v, i) => new EpochMetrics(i + 1, v, v)).ToValueList());

    [Fact]
    public void The_best_k_come_best_first_with_ties_by_trial_id_and_the_rest_only_in_the_band()
    {
        var trials = new[]
        {
            Trial("t-0001", 0.5, 0.9, 0.5), Trial("t-0002", 0.2, 0.8, 0.2), Trial("t-0003", 0.5, 0.7, 0.5),
            Trial("t-0004", 0.1, 0.6, 0.1), Trial("t-0005", null, double.NaN),
        };
        var curves = CurvesBuilder.Build(trials, ObjectiveKind.ValLoss, ObjectiveKind.ValLoss, best: 3);

        Assert.Equal(["t-0004", "t-0002", "t-0001"], curves.Lines.Select(l => l.TrialId));
        Assert.Equal([1, 2, 3], curves.Lines.Select(l => l.Rank));
        Assert.Equal([1, 2], curves.Lines[0].Epochs);
        Assert.Equal([0.6, 0.1], curves.Lines[0].Values);
        Assert.Equal(4, curves.Trials); // the diverged trial has no finite value
        Assert.Equal([4, 4], curves.Band.Select(b => b.Count));
    }

    [Fact]
    public void A_maximized_objective_ranks_the_highest_first()
    {
        var trials = new[] { Trial("t-0001", 0.5, 0.5), Trial("t-0002", 0.9, 0.9), Trial("t-0003", 0.7, 0.7) };
        var accuracy = trials.Select(t => t with { ValAccuracy = t.ValLoss }).ToList();
        var curves = CurvesBuilder.Build(accuracy, ObjectiveKind.ValAccuracy, ObjectiveKind.ValLoss, best: 2);
        Assert.Equal(["t-0002", "t-0003"], curves.Lines.Select(l => l.TrialId));
    }

    [Fact]
    public void Asked_for_trials_and_all_get_lines_too()
    {
        var trials = Enumerable.Range(1, 10).Select(i => Trial($"t-{i:0000}", i, i, i)).ToList();
        Assert.Equal(["t-0001", "t-0002", "t-0009"], CurvesBuilder.Build(trials, ObjectiveKind.ValLoss, ObjectiveKind.ValLoss, 2, include: ["t-0009", "t-0002"]).Lines.Select(l => l.TrialId));
        var all = CurvesBuilder.Build(trials, ObjectiveKind.ValLoss, ObjectiveKind.ValLoss, 2, all: true);
        Assert.Equal(trials.Select(t => t.TrialId), all.Lines.Select(l => l.TrialId));
    }

    [Fact]
    public void The_band_holds_each_epochs_quantiles_over_the_trials_that_reached_it()
    {
        // Epoch 1: 1..5 (five trials); epoch 2: only two trials went on, 10 and 20.
        var trials = new[] { Trial("t-0001", 1, 1, 10), Trial("t-0002", 2, 2), Trial("t-0003", 3, 3, 20), Trial("t-0004", 4, 4), Trial("t-0005", 5, 5) };
        var band = CurvesBuilder.Build(trials, ObjectiveKind.ValLoss, ObjectiveKind.ValLoss, 1).Band;

        Assert.Equal([1, 2], band.Select(b => b.Epoch));
        Assert.Equal(new EpochBand(1, 5, 1, 1.4, 2, 3, 4, 4.6, 5), band[0]);
        Assert.Equal(new EpochBand(2, 2, 10, 11, 12.5, 15, 17.5, 19, 20), band[1]);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 7.0)]
    [InlineData(0.5, 2.0)]
    [InlineData(0.25, 2.0)]
    [InlineData(0.9, 5.800000000000001)]
    public void Quantiles_interpolate_between_order_statistics_as_numpy_does(double q, double expected) =>
        // numpy.quantile([1, 2, 2, 4, 7], q) (method "linear")
        Assert.Equal(expected, CurvesBuilder.Quantile([1, 2, 2, 4, 7], q), 12);
}
