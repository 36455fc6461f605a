using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Simulation;
using Tuner.Coordinator.Search.Tpe;

namespace Tuner.Coordinator.Tests.Search.ModelBased;

public sealed class TpeAlgorithmTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(100, 10)]
    [InlineData(249, 25)]
    [InlineData(1000, 25)]
    public void Gamma_is_optunas_default(int n, int expected) => Assert.Equal(expected, TpeAlgorithm.Gamma(n));

    [Fact]
    public void Weights_are_optunas_default_ramp_over_the_oldest_and_one_for_the_newest_25()
    {
        Assert.All(TpeAlgorithm.Weights(24), w => Assert.Equal(1, w));
        var weights = TpeAlgorithm.Weights(35);
        // numpy.linspace(1/35, 1, 10) then 25 ones.
        for (var i = 0; i < 10; i++) Assert.Equal(1.0 / 35 + (1 - 1.0 / 35) * i / 9, weights[i], 12);
        Assert.All(weights[10..], w => Assert.Equal(1, w));
    }

    [Fact]
    public void A_grid_parameters_probabilities_sum_to_one_and_a_continuous_density_integrates_to_one()
    {
        var grid = new FloatParameter("dropout", 0.0, 0.5, 0.1);
        var observations = new[] { 0.1, 0.1, 0.4 }.Select(HyperparameterValue.Float).ToList();
        var onGrid = new ParzenEstimator(grid, observations, [1, 1, 1]);
        var total = Enumerable.Range(0, 6).Sum(k => Math.Exp(onGrid.LogDensity(HyperparameterValue.Float(k / 10.0))));
        Assert.Equal(1, total, 9);

        var log = new FloatParameter("learning_rate", 1e-4, 1e-2, null, Sampling.Log);
        var lr = new ParzenEstimator(log, [HyperparameterValue.Float(3e-4), HyperparameterValue.Float(2e-3)], [1, 1]);
        // A log dimension's density is over ln x (as Optuna's; the Jacobian cancels in l/g): ∫ p dt over [ln 1e-4, ln 1e-2].
        const int steps = 20_000;
        double integral = 0;
        var (a, b) = (Math.Log(1e-4), Math.Log(1e-2));
        for (var i = 0; i < steps; i++)
        {
            var t = a + (b - a) * (i + 0.5) / steps;
            integral += Math.Exp(lr.LogDensity(HyperparameterValue.Float(Math.Exp(t)))) * (b - a) / steps;
        }
        Assert.Equal(1, integral, 3);
    }

    [Fact]
    public void Samples_concentrate_around_the_observations()
    {
        var parameter = new FloatParameter("x", 0, 1);
        var estimator = new ParzenEstimator(parameter, [.. Enumerable.Repeat(HyperparameterValue.Float(0.8), 20)], [.. Enumerable.Repeat(1.0, 20)]);
        var random = DeterministicRandom.ForStream(1, "parzen");
        var near = Enumerable.Range(0, 1000).Count(_ => Math.Abs(estimator.Sample(random).AsDouble() - 0.8) < 0.1);
        Assert.True(near > 800, $"{near} of 1000 within 0.1 of the observations");
    }

    [Fact]
    public void Tpe_finds_better_configurations_than_random_search_with_the_same_trials()
    {
        var random = SearchQuality.MeanTruth(new RandomSearchSpec(MaxTrials: 40, ExecutionsPerTrial: 1, Epochs: 30), seeds: 6);
        var tpe = SearchQuality.MeanTruth(new TpeSpec(MaxTrials: 40, Epochs: 30), seeds: 6);
        Assert.True(tpe < random, $"tpe {tpe:F5}, random {random:F5}");
    }

    [Fact]
    public void Running_trials_count_as_the_worst_so_concurrent_proposals_spread_out()
    {
        var spec = new TpeSpec(MaxTrials: 30, StartupTrials: 10, Epochs: 2);
        var algorithm = new TpeAlgorithm(TestSpaces.Context(), spec);
        for (var i = 0; i < 10; i++)
        {
            var item = algorithm.NextItem();
            algorithm.Finish(item.WorkId, TestSpaces.Completed(item, _ => item.Hyperparameters["dropout"].AsDouble()));
        }
        // Ten proposals in flight at once: all different, and the liar keeps them from all being the same region.
        var inFlight = Enumerable.Range(0, 10).Select(_ => algorithm.NextItem().Hyperparameters).ToList();
        Assert.Equal(10, inFlight.Distinct().Count());
        var result = FleetSimulator.Run(new TpeAlgorithm(TestSpaces.Context(), spec), new SyntheticLearningCurve(), 8);
        Assert.Equal(30, result.Events.OfType<WorkStarted>().Count());
    }

    [Fact]
    public void Gamma_counts_finished_trials_only_so_running_ones_never_enlarge_the_good_set()
    {
        // Ten finished trials (losses 9, 8, …, 0) and 64 running: Optuna's n = 10, so γ = 1 and l holds the single best;
        // counting the running trials too would make γ(74) = 8 and put 8 of the 10 results in l.
        var observations = Enumerable.Range(0, 10).Select(i => new TpeAlgorithm.Observation(9 - i, Pending: false))
            .Concat(Enumerable.Range(0, 64).Select(_ => new TpeAlgorithm.Observation(double.PositiveInfinity, Pending: true)))
            .ToList();
        var (below, above) = TpeAlgorithm.Split(observations);
        Assert.Equal([9], below);
        Assert.Equal(73, above.Count);
        Assert.Equal(above.Order(), above);

        // More good slots than completed trials: a diverged trial may fill one (Optuna's pruned/failed order), a running one never.
        var diverged = new List<TpeAlgorithm.Observation>
        {
            new(double.PositiveInfinity, Pending: true), new(1, Pending: false), new(double.PositiveInfinity, Pending: false),
        };
        var split = TpeAlgorithm.Split(diverged);
        Assert.Equal([1], split.Below); // γ(2) = 1
        Assert.DoesNotContain(0, TpeAlgorithm.Split([new(double.PositiveInfinity, Pending: true), new(double.PositiveInfinity, Pending: false)]).Below);
    }
}
