using System.Runtime.CompilerServices;
using Tuner.Coordinator.Search.Numerics;

namespace Tuner.Coordinator.Search.Bayesian;

/// <summary>A Gaussian-process posterior over the unit cube for a standardized objective: zero prior mean, a
/// <see cref="MaternKernel"/>, and noise <c>alpha</c> on the kernel's diagonal (Keras Tuner's <c>alpha</c>).</summary>
internal sealed class GaussianProcess
{
    private readonly double[][] _points;
    private readonly double[] _inverseSquaredScales;
    private readonly double _signal;
    private readonly Cholesky _factor;
    private readonly double[] _weights; // K⁻¹·y

    private GaussianProcess(double[][] points, MaternKernel kernel, Cholesky factor, double[] weights)
    {
        _points = points;
        Kernel = kernel;
        _inverseSquaredScales = kernel.InverseSquaredScales();
        _signal = kernel.SignalVariance;
        _factor = factor;
        _weights = weights;
    }

    public MaternKernel Kernel { get; }

    /// <summary>The posterior given observations <paramref name="y"/> at <paramref name="points"/>; when K + alpha·I is
    /// not numerically positive definite, the noise is raised tenfold until it is (duplicated points).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static GaussianProcess Fit(double[][] points, ReadOnlySpan<double> y, MaternKernel kernel, double alpha)
    {
        var n = points.Length;
        var scales = kernel.InverseSquaredScales();
        var matrix = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var value = kernel.SignalVariance * MaternKernel.Correlation(Math.Sqrt(MaternKernel.SquaredDistance(points[i], points[j], scales)));
                matrix[i * n + j] = value;
                matrix[j * n + i] = value;
            }
        }
        // From alpha up by tenfolds (from 1e-10 when alpha is 0, which would otherwise never grow).
        for (var noise = alpha; ; noise = Math.Max(10 * noise, 1e-10))
        {
            for (var i = 0; i < n; i++) matrix[i * n + i] = kernel.SignalVariance + noise;
            if (Cholesky.TryFactor(matrix, n) is { } factor)
            {
                var weights = y.ToArray();
                factor.Solve(weights);
                return new GaussianProcess(points, kernel, factor, weights);
            }
            if (noise > 1e6) throw new InvalidOperationException("the Gaussian process's kernel matrix is not positive definite");
        }
    }

    /// <summary>The posterior mean and standard deviation at <paramref name="point"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double Mean, double Deviation) Predict(ReadOnlySpan<double> point)
    {
        var n = _points.Length;
        var k = new double[n];
        double mean = 0;
        for (var i = 0; i < n; i++)
        {
            k[i] = _signal * MaternKernel.Correlation(Math.Sqrt(MaternKernel.SquaredDistance(point, _points[i], _inverseSquaredScales)));
            mean += k[i] * _weights[i];
        }
        _factor.SolveLower(k);
        double explained = 0;
        for (var i = 0; i < n; i++) explained += k[i] * k[i];
        return (mean, Math.Sqrt(Math.Max(_signal - explained, 1e-12)));
    }

    /// <summary>The lower confidence bound mean − beta·deviation at <paramref name="point"/> (what the search minimizes:
    /// Keras Tuner's "upper confidence bound" of a minimized objective), and its gradient with respect to the point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double LowerConfidenceBound(ReadOnlySpan<double> point, double beta, Span<double> gradient)
    {
        var n = _points.Length;
        var width = point.Length;
        var k = new double[n];
        var slopes = new double[n];
        double mean = 0;
        for (var i = 0; i < n; i++)
        {
            var r = Math.Sqrt(MaternKernel.SquaredDistance(point, _points[i], _inverseSquaredScales));
            var (correlation, slope) = MaternKernel.CorrelationAndSlope(r);
            k[i] = _signal * correlation;
            slopes[i] = _signal * slope;
            mean += k[i] * _weights[i];
        }
        var v = (double[])k.Clone();
        _factor.SolveLower(v);
        double explained = 0;
        for (var i = 0; i < n; i++) explained += v[i] * v[i];
        var variance = Math.Max(_signal - explained, 1e-12);
        var deviation = Math.Sqrt(variance);
        _factor.SolveUpper(v); // now K⁻¹·k
        // dk_i/dx_d = −slope_i·(x_d − X_id)/ℓ_d²; dμ = Σ α_i dk_i; dσ² = −2 Σ (K⁻¹k)_i dk_i; dσ = dσ²/(2σ).
        for (var d = 0; d < width; d++)
        {
            double dMean = 0, dVariance = 0;
            for (var i = 0; i < n; i++)
            {
                var dk = -slopes[i] * (point[d] - _points[i][d]) * _inverseSquaredScales[d];
                dMean += _weights[i] * dk;
                dVariance -= 2 * v[i] * dk;
            }
            gradient[d] = dMean - beta * dVariance / (2 * deviation);
        }
        return mean - beta * deviation;
    }
}
