using System.Runtime.CompilerServices;
using Tuner.Coordinator.Search.Numerics;

namespace Tuner.Coordinator.Search.Bayesian;

/// <summary>The kernel's hyperparameters (signal variance, one length scale per coordinate) that maximize the marginal
/// likelihood of the observations, with weak log-normal priors that keep them sensible on few points.</summary>
/// <remarks>Optimized in log space by L-BFGS with the analytic gradient ½·tr((ααᵀ − K⁻¹)·∂K/∂θ), from two starting
/// points (smooth and rough); the better optimum wins. Deterministic for the same points and values.</remarks>
internal static class KernelFit
{
    private const double LengthScalePriorCenter = -0.916; // ln 0.4: a quarter to half of the unit cube
    private const double LengthScalePriorWidth = 1.0;
    private const double VariancePriorWidth = 1.0;        // around 1: the objective is standardized
    private const int Iterations = 40;

    public static MaternKernel Fit(double[][] points, double[] y, double alpha)
    {
        var width = points[0].Length;
        var squaredDifferences = MarginalLikelihood.SquaredDifferences(points);
        double[] starts = [0.4, 0.15];
        var optima = new (double Value, double[] Theta)[starts.Length];
        // The starts on every core, each with its own buffers; compared in order afterwards, as one thread would.
        Parallel.For(0, starts.Length, s =>
        {
            var theta = new double[width + 1];
            for (var d = 0; d < width; d++) theta[d + 1] = Math.Log(starts[s]);
            optima[s] = (Lbfgs.Minimize(new MarginalLikelihood(points, y, alpha, squaredDifferences).Evaluate, theta, Iterations), theta);
        });
        MaternKernel? best = null;
        var bestValue = double.PositiveInfinity;
        foreach (var (value, theta) in optima)
        {
            if (double.IsFinite(value) && value < bestValue)
            {
                bestValue = value;
                best = Kernel(theta);
            }
        }
        return best ?? new MaternKernel(1, [.. Enumerable.Repeat(0.4, width)]);
    }

    private static MaternKernel Kernel(ReadOnlySpan<double> theta)
    {
        var scales = new double[theta.Length - 1];
        for (var d = 0; d < scales.Length; d++) scales[d] = Math.Exp(Math.Clamp(theta[d + 1], -7, 5));
        return new MaternKernel(Math.Exp(Math.Clamp(theta[0], -7, 7)), scales);
    }

    /// <summary>The objective of one fit, with every buffer its evaluations need allocated once.</summary>
    /// <param name="squaredDifferences">(x_id − x_jd)² for j &lt; i, packed by rows i, per coordinate d
    /// (<see cref="SquaredDifferences"/>): the same for every evaluation and start, so computed once.</param>
    private sealed class MarginalLikelihood(double[][] points, double[] y, double alpha, double[][] squaredDifferences)
    {
        private readonly int _n = points.Length;
        private readonly double[][] _squaredDifferences = squaredDifferences;
        private readonly double[] _kernel = new double[Packed(points.Length)]; // K's lower triangle, packed by rows
        private readonly double[] _slopes = new double[Packed(points.Length)]; // s²·(5/3)(1+√5r)e^(−√5r), then 2·W_ij·that
        private readonly Cholesky _factor = new(points.Length);
        private readonly double[] _a = new double[points.Length];
        private readonly double[] _inverse = new double[points.Length * points.Length];
        private readonly double[] _scratch = new double[points.Length * points.Length];

        /// <summary>The negative log marginal likelihood plus the priors' negative log densities, and its gradient.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            var n = _n;
            var width = theta.Length - 1;
            if (!IsInRange(theta)) return double.PositiveInfinity;
            var kernel = Kernel(theta);
            var scales = kernel.InverseSquaredScales();
            var s2 = kernel.SignalVariance;
            _factor.Truncate(0);
            for (var i = 0; i < n; i++)
            {
                var row = _kernel.AsSpan(Packed(i), i + 1);
                var slopes = _slopes.AsSpan(Packed(i), i);
                row[..i].Clear(); // r²_ij = Σ_d (x_id − x_jd)²/ℓ_d², coordinate by coordinate as MaternKernel.SquaredDistances sums it
                for (var d = 0; d < width; d++) LaneWise.AddScaled(row[..i], _squaredDifferences[d].AsSpan(Packed(i), i), scales[d]);
                MaternKernel.Values(row[..i], s2, slopes); // ∂K_ij/∂log ℓ_d = slope_ij·Δ_d²/ℓ_d²
                row[i] = s2 + alpha;
                if (!_factor.TryAppend(row)) return double.PositiveInfinity;
            }
            var a = _a;
            y.CopyTo(a, 0);
            _factor.Solve(a);
            double fit = 0;
            for (var i = 0; i < n; i++) fit += y[i] * a[i];
            var value = 0.5 * fit + 0.5 * _factor.LogDeterminant() + 0.5 * n * Math.Log(2 * Math.PI);

            // W = ααᵀ − K⁻¹; ∂NLML/∂θ = −½ tr(W ∂K/∂θ) = −½ Σ_ij W_ij ∂K_ij/∂θ (both symmetric). ∂K/∂log s² = K − alpha·I.
            _factor.Inverse(_inverse, _scratch);
            double dVariance = 0;
            for (var i = 0; i < n; i++)
            {
                var row = _kernel.AsSpan(Packed(i), i);
                var slopes = _slopes.AsSpan(Packed(i), i);
                var inverse = _inverse.AsSpan(i * n, i + 1);
                dVariance += (a[i] * a[i] - inverse[i]) * s2;
                for (var j = 0; j < i; j++)
                {
                    var w = a[i] * a[j] - inverse[j];
                    dVariance += 2 * w * row[j];
                    slopes[j] *= 2 * w;
                }
            }
            gradient[0] = -0.5 * dVariance;
            for (var d = 0; d < width; d++)
            {
                double sum = 0;
                for (var i = 1; i < n; i++) sum += OrderedDot.Dot(_slopes.AsSpan(Packed(i), i), _squaredDifferences[d].AsSpan(Packed(i), i));
                gradient[d + 1] = -0.5 * sum * scales[d];
            }

            // Priors: log s² ~ N(0, 1), log ℓ_d ~ N(ln 0.4, 1).
            value += 0.5 * theta[0] * theta[0] / (VariancePriorWidth * VariancePriorWidth);
            gradient[0] += theta[0] / (VariancePriorWidth * VariancePriorWidth);
            for (var d = 1; d <= width; d++)
            {
                var z = (theta[d] - LengthScalePriorCenter) / LengthScalePriorWidth;
                value += 0.5 * z * z;
                gradient[d] += z / LengthScalePriorWidth;
            }
            return value;
        }

        private static int Packed(int row) => row * (row + 1) / 2;

        public static double[][] SquaredDifferences(double[][] points)
        {
            var coordinates = MaternKernel.Transposed(points, points[0].Length, points.Length);
            var result = new double[coordinates.Length][];
            for (var d = 0; d < coordinates.Length; d++)
            {
                result[d] = new double[Packed(points.Length)];
                for (var i = 1; i < points.Length; i++)
                    LaneWise.SquaredDifferences(result[d].AsSpan(Packed(i), i), coordinates[d][i], coordinates[d].AsSpan(0, i));
            }
            return result;
        }
    }

    private static bool IsInRange(ReadOnlySpan<double> theta)
    {
        if (theta[0] is < -7 or > 7) return false;
        for (var d = 1; d < theta.Length; d++)
            if (theta[d] is < -7 or > 5 || !double.IsFinite(theta[d])) return false;
        return double.IsFinite(theta[0]);
    }
}
