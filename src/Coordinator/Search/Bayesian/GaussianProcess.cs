using System.Runtime.CompilerServices;
using Tuner.Coordinator.Search.Numerics;

namespace Tuner.Coordinator.Search.Bayesian;

/// <summary>A Gaussian-process posterior over the unit cube for a standardized objective: zero prior mean, a
/// <see cref="MaternKernel"/>, and noise <c>alpha</c> on the kernel's diagonal (Keras Tuner's <c>alpha</c>).</summary>
/// <remarks>Not thread-safe: predictions reuse the process's buffers; each thread predicts through its own
/// <see cref="WithOwnBuffers"/>. A process fitted through a <see cref="KernelFactorCache"/> is valid until the next fit
/// through the same cache.</remarks>
internal sealed class GaussianProcess
{
    private const int Block = LaneWise.BlockWidth;

    private readonly int _count;
    private readonly double[][] _coordinates; // [d][i]: the points transposed, for lane-wise kernel rows
    private readonly double[] _inverseSquaredScales;
    private readonly double _signal;
    private readonly Cholesky _factor;
    private readonly long _factorVersion;
    private readonly double[] _weights; // K⁻¹·y
    private readonly double[] _k, _slopes, _v, _u, _differences;
    private double[] _block = [];

    private GaussianProcess(double[][] points, MaternKernel kernel, Cholesky factor, double[] weights)
    {
        _count = points.Length;
        _coordinates = MaternKernel.Transposed(points, kernel.LengthScales.Length, points.Length);
        Kernel = kernel;
        _inverseSquaredScales = kernel.InverseSquaredScales();
        _signal = kernel.SignalVariance;
        _factor = factor;
        _factorVersion = factor.Version;
        _weights = weights;
        var n = points.Length;
        (_k, _slopes, _v, _u, _differences) = (new double[n], new double[n], new double[n], new double[n], new double[n]);
    }

    /// <summary>The same process (the same fit, shared) with buffers of its own, for predicting on another thread.</summary>
    public GaussianProcess WithOwnBuffers() => new(this);

    private GaussianProcess(GaussianProcess fitted)
    {
        (_count, _coordinates, _inverseSquaredScales, _signal) = (fitted._count, fitted._coordinates, fitted._inverseSquaredScales, fitted._signal);
        (_factor, _factorVersion, _weights, Kernel) = (fitted._factor, fitted._factorVersion, fitted._weights, fitted.Kernel);
        var n = _count;
        (_k, _slopes, _v, _u, _differences) = (new double[n], new double[n], new double[n], new double[n], new double[n]);
    }

    public MaternKernel Kernel { get; }

    /// <summary>The posterior given observations <paramref name="y"/> at <paramref name="points"/>; when K + alpha·I is
    /// not numerically positive definite, the noise is raised tenfold until it is (duplicated points).</summary>
    public static GaussianProcess Fit(double[][] points, ReadOnlySpan<double> y, MaternKernel kernel, double alpha) =>
        Fit(points, y, kernel, alpha, new KernelFactorCache());

    /// <summary><see cref="Fit(double[][], ReadOnlySpan{double}, MaternKernel, double)"/>, reusing the rows of
    /// <paramref name="cache"/>'s factor that the points share with its previous fit.</summary>
    public static GaussianProcess Fit(double[][] points, ReadOnlySpan<double> y, MaternKernel kernel, double alpha, KernelFactorCache cache)
    {
        var factor = cache.Factor(points, kernel, alpha);
        var weights = y.ToArray();
        factor.Solve(weights);
        return new GaussianProcess(points, kernel, factor, weights);
    }

    /// <summary>The posterior mean and standard deviation at <paramref name="point"/>: exactly what
    /// <see cref="PredictMany"/> gives for it.</summary>
    public (double Mean, double Deviation) Predict(double[] point)
    {
        Span<double> mean = stackalloc double[1], deviation = stackalloc double[1];
        PredictMany([point], mean, deviation);
        return (mean[0], deviation[0]);
    }

    /// <summary>The posterior means and standard deviations at <paramref name="points"/>, sixteen at a time: one
    /// triangular solve with sixteen right-hand sides instead of sixteen solves. Each point's result has the same bits
    /// whatever its neighbours and the instruction set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PredictMany(IReadOnlyList<double[]> points, Span<double> means, Span<double> deviations)
    {
        EnsureCurrent();
        var n = _count;
        if (_block.Length < n * Block) _block = new double[n * Block];
        var block = _block.AsSpan(0, n * Block);
        var k = _k.AsSpan(0, n);
        for (var start = 0; start < points.Count; start += Block)
        {
            var count = Math.Min(Block, points.Count - start);
            for (var c = 0; c < Block; c++)
            {
                if (c < count)
                {
                    MaternKernel.SquaredDistances(points[start + c], _coordinates, _inverseSquaredScales, k);
                    MaternKernel.Values(k, _signal, []);
                    means[start + c] = OrderedDot.Dot(k, _weights);
                }
                else
                {
                    k.Clear();
                }
                for (var i = 0; i < n; i++) block[i * Block + c] = k[i];
            }
            _factor.SolveLowerBlock(block);
            for (var c = 0; c < count; c++)
            {
                double explained = 0;
                for (var i = 0; i < n; i++) explained += block[i * Block + c] * block[i * Block + c];
                deviations[start + c] = Math.Sqrt(Math.Max(_signal - explained, 1e-12));
            }
        }
    }

    /// <summary>The lower confidence bound mean − beta·deviation at <paramref name="point"/> (what the search minimizes:
    /// Keras Tuner's "upper confidence bound" of a minimized objective), and its gradient with respect to the point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double LowerConfidenceBound(ReadOnlySpan<double> point, double beta, Span<double> gradient)
    {
        EnsureCurrent();
        var n = _count;
        var width = point.Length;
        var k = _k.AsSpan(0, n);
        var slopes = _slopes.AsSpan(0, n);
        var v = _v.AsSpan(0, n);
        var u = _u.AsSpan(0, n);
        var differences = _differences.AsSpan(0, n);
        MaternKernel.SquaredDistances(point, _coordinates, _inverseSquaredScales, k);
        MaternKernel.Values(k, _signal, slopes);
        var mean = OrderedDot.Dot(k, _weights);
        k.CopyTo(v);
        _factor.SolveLower(v);
        var explained = OrderedDot.Dot(v, v);
        var variance = Math.Max(_signal - explained, 1e-12);
        var deviation = Math.Sqrt(variance);
        _factor.SolveUpper(v); // now K⁻¹·k
        // dk_i/dx_d = −slope_i·(x_d − X_id)/ℓ_d²; dμ = Σ α_i dk_i; dσ² = −2 Σ (K⁻¹k)_i dk_i; dσ = dσ²/(2σ).
        LaneWise.Products(u, _weights, slopes);
        LaneWise.Products(v, v, slopes);
        for (var d = 0; d < width; d++)
        {
            LaneWise.ScaledDifferences(differences, point[d], _coordinates[d].AsSpan(0, n), _inverseSquaredScales[d]);
            var dMean = -OrderedDot.Dot(u, differences);
            var dVariance = 2 * OrderedDot.Dot(v, differences);
            gradient[d] = dMean - beta * dVariance / (2 * deviation);
        }
        return mean - beta * deviation;
    }

    private void EnsureCurrent()
    {
        if (_factor.Version != _factorVersion)
            throw new InvalidOperationException("this Gaussian process's factor has been changed by a later fit through the same cache");
    }
}
