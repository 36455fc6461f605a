using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Bayesian;

namespace Tuner.Coordinator.Tests.Search.ModelBased;

public sealed class KernelFactorCacheTests
{
    private static double[][] RandomPoints(int n, int width, long seed)
    {
        var random = DeterministicRandom.ForStream(seed, "factor-cache");
        return [.. Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, width).Select(_ => random.NextDouble()).ToArray())];
    }

    private static long[] Bits(GaussianProcess process, double[][] probes)
    {
        var means = new double[probes.Length];
        var deviations = new double[probes.Length];
        process.PredictMany(probes, means, deviations);
        return [.. means.Concat(deviations).Select(BitConverter.DoubleToInt64Bits)];
    }

    [Fact]
    public void A_fit_that_extends_or_cuts_back_the_previous_points_gives_the_bits_of_a_fresh_fit()
    {
        var kernel = new MaternKernel(1.3, [0.3, 0.5, 0.2]);
        var points = RandomPoints(60, 3, 1);
        var other = RandomPoints(10, 3, 2);
        var probes = RandomPoints(21, 3, 3);
        double Objective(double[] p) => Math.Sin(5 * p[0]) + p[1] * p[2];
        var cache = new KernelFactorCache();
        // Grow 20 → 40 → 60, then cut back to the first 50 followed by other points (running trials replaced).
        foreach (var set in (double[][][])[points[..20], points[..40], points, [.. points[..50], .. other]])
        {
            var y = set.Select(Objective).ToArray();
            var cached = GaussianProcess.Fit(set, y, kernel, 1e-6, cache);
            var fresh = GaussianProcess.Fit(set, y, kernel, 1e-6);
            Assert.Equal(Bits(fresh, probes), Bits(cached, probes));
        }
    }

    [Fact]
    public void A_new_kernel_or_duplicated_points_refactor_from_scratch_with_the_noise_raised()
    {
        var points = RandomPoints(30, 2, 4);
        var probes = RandomPoints(5, 2, 5);
        var y = points.Select(p => p[0] - p[1]).ToArray();
        var cache = new KernelFactorCache();
        GaussianProcess.Fit(points, y, new MaternKernel(1, [0.3, 0.3]), 1e-6, cache);
        var changed = new MaternKernel(0.7, [0.5, 0.1]);
        Assert.Equal(Bits(GaussianProcess.Fit(points, y, changed, 1e-6), probes), Bits(GaussianProcess.Fit(points, y, changed, 1e-6, cache), probes));
        // A duplicate makes K singular at alpha = 0: the noise rises, from scratch, as a fresh fit does.
        double[][] duplicated = [.. points, points[3]];
        double[] yDuplicated = [.. y, y[3]];
        Assert.Equal(Bits(GaussianProcess.Fit(duplicated, yDuplicated, changed, 0), probes),
            Bits(GaussianProcess.Fit(duplicated, yDuplicated, changed, 0, cache), probes));
    }

    [Fact]
    public void A_process_refuses_to_predict_once_a_later_fit_changed_its_factor()
    {
        var points = RandomPoints(12, 2, 6);
        var y = points.Select(p => p[0]).ToArray();
        var cache = new KernelFactorCache();
        var kernel = new MaternKernel(1, [0.3, 0.3]);
        var first = GaussianProcess.Fit(points[..10], y[..10], kernel, 1e-6, cache);
        GaussianProcess.Fit(points, y, kernel, 1e-6, cache);
        Assert.Throws<InvalidOperationException>(() => first.Predict([0.5, 0.5]));
    }

    [Fact]
    public void Predicting_many_points_gives_each_the_bits_it_gets_alone()
    {
        var points = RandomPoints(45, 4, 7);
        var y = points.Select(p => p.Sum()).ToArray();
        var process = GaussianProcess.Fit(points, y, new MaternKernel(0.9, [0.4, 0.3, 0.6, 0.2]), 1e-6);
        var probes = RandomPoints(37, 4, 8); // two full blocks of 16 and a partial one
        var means = new double[probes.Length];
        var deviations = new double[probes.Length];
        process.PredictMany(probes, means, deviations);
        for (var i = 0; i < probes.Length; i++)
        {
            var (mean, deviation) = process.Predict(probes[i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(mean), BitConverter.DoubleToInt64Bits(means[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(deviation), BitConverter.DoubleToInt64Bits(deviations[i]));
        }
    }
}
