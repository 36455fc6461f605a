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
        MaternKernel? best = null;
        var bestValue = double.PositiveInfinity;
        foreach (var start in (double[])[0.4, 0.15])
        {
            var theta = new double[width + 1];
            theta[0] = 0;
            for (var d = 0; d < width; d++) theta[d + 1] = Math.Log(start);
            var value = Lbfgs.Minimize((t, g) => Objective(points, y, alpha, t, g), theta, Iterations);
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

    /// <summary>The negative log marginal likelihood plus the priors' negative log densities, and its gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Objective(double[][] points, double[] y, double alpha, ReadOnlySpan<double> theta, Span<double> gradient)
    {
        var n = points.Length;
        var width = theta.Length - 1;
        if (!IsInRange(theta)) return double.PositiveInfinity;
        var kernel = Kernel(theta);
        var scales = kernel.InverseSquaredScales();
        var s2 = kernel.SignalVariance;
        var matrix = new double[n * n];
        var slopes = new double[n * n]; // s²·(5/3)(1+√5r)e^(−√5r): ∂K_ij/∂log ℓ_d = slope_ij·Δ_d²/ℓ_d²
        for (var i = 0; i < n; i++)
        {
            matrix[i * n + i] = s2 + alpha;
            for (var j = 0; j < i; j++)
            {
                var r = Math.Sqrt(MaternKernel.SquaredDistance(points[i], points[j], scales));
                var (correlation, slope) = MaternKernel.CorrelationAndSlope(r);
                var value = s2 * correlation;
                matrix[i * n + j] = matrix[j * n + i] = value;
                slopes[i * n + j] = slopes[j * n + i] = s2 * slope;
            }
        }
        if (Cholesky.TryFactor(matrix, n) is not { } factor) return double.PositiveInfinity;
        var a = (double[])y.Clone();
        factor.Solve(a);
        double fit = 0;
        for (var i = 0; i < n; i++) fit += y[i] * a[i];
        var value1 = 0.5 * fit + 0.5 * factor.LogDeterminant() + 0.5 * n * Math.Log(2 * Math.PI);

        // W = ααᵀ − K⁻¹; ∂NLML/∂θ = −½ tr(W ∂K/∂θ) = −½ Σ_ij W_ij ∂K_ij/∂θ (both symmetric).
        var inverse = factor.Inverse();
        var w = inverse;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                w[i * n + j] = a[i] * a[j] - inverse[i * n + j];
        // ∂K/∂log s² = K − alpha·I.
        double dVariance = 0;
        for (var i = 0; i < n; i++)
        {
            dVariance += w[i * n + i] * s2;
            for (var j = 0; j < i; j++) dVariance += 2 * w[i * n + j] * matrix[i * n + j];
        }
        gradient[0] = -0.5 * dVariance;
        for (var d = 0; d < width; d++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    var delta = points[i][d] - points[j][d];
                    sum += 2 * w[i * n + j] * slopes[i * n + j] * delta * delta * scales[d];
                }
            }
            gradient[d + 1] = -0.5 * sum;
        }

        // Priors: log s² ~ N(0, 1), log ℓ_d ~ N(ln 0.4, 1).
        value1 += 0.5 * theta[0] * theta[0] / (VariancePriorWidth * VariancePriorWidth);
        gradient[0] += theta[0] / (VariancePriorWidth * VariancePriorWidth);
        for (var d = 1; d <= width; d++)
        {
            var z = (theta[d] - LengthScalePriorCenter) / LengthScalePriorWidth;
            value1 += 0.5 * z * z;
            gradient[d] += z / LengthScalePriorWidth;
        }
        return value1;
    }

    private static bool IsInRange(ReadOnlySpan<double> theta)
    {
        if (theta[0] is < -7 or > 7) return false;
        for (var d = 1; d < theta.Length; d++)
            if (theta[d] is < -7 or > 5 || !double.IsFinite(theta[d])) return false;
        return double.IsFinite(theta[0]);
    }
}
