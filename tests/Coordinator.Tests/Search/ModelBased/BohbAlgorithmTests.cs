using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Bohb;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Coordinator.Search.Simulation;

namespace Tuner.Coordinator.Tests.Search.ModelBased;

public sealed class BohbAlgorithmTests
{
    private static List<WorkItem> Started(SimulationResult result) => [.. result.Events.OfType<WorkStarted>().Select(e => e.Item)];

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public void Runs_hyperbands_schedule_exactly(int workers)
    {
        var hyperband = new HyperbandAlgorithm(TestSpaces.Context(), new HyperbandSpec(81, 3, 2));
        var bohb = new BohbAlgorithm(TestSpaces.Context(), new BohbSpec(81, 3, 2));
        var h = FleetSimulator.Run(hyperband, new SyntheticLearningCurve(), workers);
        var b = FleetSimulator.Run(bohb, new SyntheticLearningCurve(), workers);
        // The same rounds: per bracket, iteration and round, the same epochs and checkpoints (which trials are promoted
        // depends on their configurations, so ids are compared as counts).
        static IEnumerable<string> Shape(SimulationResult r) =>
            Started(r).Select(w => $"{w.Bracket} {w.Iteration} r{w.Round} {w.FromEpoch}-{w.ToEpoch} resumes:{w.ResumeFrom is not null}").Order(StringComparer.Ordinal);
        Assert.Equal(Shape(h), Shape(b));
        Assert.Equal(hyperband.Book.Count, bohb.Book.Count);
        Assert.Equal(h.EpochsTrained, b.EpochsTrained);
        Assert.Equal(hyperband.Schedule.TotalEpochs, b.EpochsTrained);
    }

    [Fact]
    public void Before_any_model_it_tries_hyperbands_configurations_and_after_it_the_models()
    {
        var h = Started(FleetSimulator.Run(new HyperbandAlgorithm(TestSpaces.Context(), new HyperbandSpec(81, 3)), new SyntheticLearningCurve(), 1));
        var b = Started(FleetSimulator.Run(new BohbAlgorithm(TestSpaces.Context(), new BohbSpec(81, 3)), new SyntheticLearningCurve(), 1));
        // With d = 3 tuned hyperparameters, a budget has a model once both halves hold d + 1 = 4 points: 8 results.
        for (var i = 0; i < 8; i++) Assert.Equal(h[i].Hyperparameters, b[i].Hyperparameters);
        var differing = h.Zip(b).Count(p => p.Item1.Round == 0 && p.Item1.Hyperparameters != p.Item2.Hyperparameters);
        Assert.True(differing > 50, $"{differing} configurations differ from Hyperband's");
    }

    [Fact]
    public void Kernel_density_bandwidths_follow_the_normal_reference_rule_with_categories_capped()
    {
        var data = new List<double[]> { new[] { 0.1, 0, 0 }, new[] { 0.3, 1, 2 }, new[] { 0.5, 1, 0 }, new[] { 0.7, 0, 2 } };
        var kde = KernelDensity.Fit(data, [0, 2, 3]);
        var factor = 1.06 * Math.Pow(4, -1.0 / 7);
        var sd = Math.Sqrt(data.Sum(p => (p[0] - 0.4) * (p[0] - 0.4)) / 4);
        Assert.Equal(factor * sd, kde.Bandwidths[0], 12);
        Assert.Equal(factor * 0.5, kde.Bandwidths[1], 12);
        Assert.Equal(2.0 / 3, kde.Bandwidths[2], 12); // 1.06·1·4^(−1/7) ≈ 0.87 exceeds (c − 1)/c for three categories
        Assert.True(kde.Density([0.3, 1, 2]) > kde.Density([0.95, 1, 2]));
    }

    [Fact]
    public void Only_work_bound_for_the_models_budget_is_a_pending_point_of_g()
    {
        var bohb = new BohbAlgorithm(TestSpaces.Context(), new BohbSpec(81, 3));
        // All 81 one-epoch trials of bracket 4 in flight, then the first of bracket 3 (3 epochs) on the next free worker.
        var items = Enumerable.Range(0, 82).Select(_ => bohb.NextItem()).ToList();
        Assert.All(items[..81], item => Assert.Equal(1, item.ToEpoch));
        Assert.Equal(3, items[81].ToEpoch);
        for (var i = 0; i < 10; i++)
            bohb.Finish(items[i].WorkId, TestSpaces.Completed(items[i], _ => items[i].Hyperparameters["dropout"].AsDouble()));

        // Ten results at budget 1 (d = 3): l(x) the best max(4, 15 %) = 4, g(x) the next 6 and the 71 trials still
        // training to 1 epoch; the one training to 3 epochs will report at another budget and is not a point of g.
        var (good, bad) = bohb.Model()!.Value;
        Assert.Equal(4, good.Data.Count);
        Assert.Equal(6 + 71, bad.Data.Count);
    }
}
