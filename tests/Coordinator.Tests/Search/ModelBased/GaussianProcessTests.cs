using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Bayesian;

namespace Tuner.Coordinator.Tests.Search.ModelBased;

public sealed class GaussianProcessTests
{
    private static double[][] RandomPoints(int n, int width, long seed)
    {
        var random = DeterministicRandom.ForStream(seed, "gp-test");
        return [.. Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, width).Select(_ => random.NextDouble()).ToArray())];
    }

    [Fact]
    public void The_posterior_interpolates_observations_and_returns_to_the_prior_far_from_them()
    {
        var points = RandomPoints(12, 2, 1);
        var y = points.Select(p => Math.Sin(4 * p[0]) + p[1]).ToArray();
        var process = GaussianProcess.Fit(points, y, new MaternKernel(1.5, [0.3, 0.3]), 1e-6);
        for (var i = 0; i < points.Length; i++)
        {
            var (mean, deviation) = process.Predict(points[i]);
            Assert.Equal(y[i], mean, 3);
            Assert.True(deviation < 0.01, $"deviation {deviation} at an observation");
        }
        var (farMean, farDeviation) = process.Predict([40.0, -40.0]);
        Assert.Equal(0, farMean, 6);
        Assert.Equal(Math.Sqrt(1.5), farDeviation, 6);
    }

    [Fact]
    public void The_confidence_bound_gradient_matches_finite_differences()
    {
        var points = RandomPoints(15, 3, 2);
        var y = points.Select(p => p[0] * p[0] - Math.Cos(3 * p[1]) + 0.2 * p[2]).ToArray();
        var process = GaussianProcess.Fit(points, y, new MaternKernel(0.8, [0.4, 0.25, 0.9]), 1e-4);
        var random = DeterministicRandom.ForStream(3, "gp-gradient");
        for (var trial = 0; trial < 10; trial++)
        {
            var x = new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() };
            var gradient = new double[3];
            process.LowerConfidenceBound(x, 2.6, gradient);
            for (var d = 0; d < 3; d++)
            {
                const double h = 1e-6;
                var plus = (double[])x.Clone();
                var minus = (double[])x.Clone();
                plus[d] += h;
                minus[d] -= h;
                var numeric = (process.LowerConfidenceBound(plus, 2.6, new double[3]) - process.LowerConfidenceBound(minus, 2.6, new double[3])) / (2 * h);
                Assert.True(Math.Abs(numeric - gradient[d]) <= 1e-5 * Math.Max(1, Math.Abs(numeric)), $"d{d}: analytic {gradient[d]}, numeric {numeric}");
            }
            // The bound is what its name says.
            var (mean, deviation) = process.Predict(x);
            Assert.Equal(mean - 2.6 * deviation, process.LowerConfidenceBound(x, 2.6, gradient), 9);
        }
    }

    [Fact]
    public void Marginal_likelihood_gives_an_irrelevant_coordinate_a_long_length_scale()
    {
        var points = RandomPoints(40, 2, 4);
        var y = points.Select(p => Math.Sin(6 * p[0])).ToArray();
        var mean = y.Average();
        var scale = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Length);
        var kernel = KernelFit.Fit(points, [.. y.Select(v => (v - mean) / scale)], 1e-4);
        Assert.True(kernel.LengthScales[1] > 3 * kernel.LengthScales[0], $"length scales {kernel.LengthScales[0]}, {kernel.LengthScales[1]}");
    }

    [Fact]
    public void Duplicated_points_still_fit_by_raising_the_noise()
    {
        double[][] points = [[0.5, 0.5], [0.5, 0.5], [0.2, 0.9]];
        var process = GaussianProcess.Fit(points, [1.0, 1.0, -1.0], new MaternKernel(1, [0.3, 0.3]), 0);
        Assert.True(double.IsFinite(process.Predict([0.4, 0.4]).Mean));
    }
}
