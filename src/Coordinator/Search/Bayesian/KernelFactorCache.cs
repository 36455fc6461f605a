using Tuner.Coordinator.Search.Numerics;

namespace Tuner.Coordinator.Search.Bayesian;

/// <summary>The Cholesky factor of a kernel matrix K(X) + noise·I, kept from one fit to the next: a search's points only
/// grow (trials finish in order, running ones are appended after them), so a fit whose points start with the previous
/// fit's points, under the same kernel and noise, keeps those rows and computes only the new ones: O(n²) per point
/// instead of O(n³) per fit. The rows kept are the rows a full factorization would compute (row i depends only on rows
/// ≤ i), so the result has the same bits either way.</summary>
/// <remarks>One factor is shared by every fit made through the cache: a fit invalidates the processes made before it
/// (<see cref="GaussianProcess"/> checks <see cref="Cholesky.Version"/>).</remarks>
internal sealed class KernelFactorCache
{
    private readonly Cholesky _factor = new();
    private readonly List<double[]> _points = [];
    private MaternKernel? _kernel;
    private double _noise;
    private double[] _row = [];
    private double[][] _coordinates = []; // the points kept, transposed: [d][i]

    /// <summary>The factor of K(<paramref name="points"/>) + noise·I for the smallest noise of alpha, 10·alpha, 100·alpha, …
    /// (from 1e-10 when alpha is 0) that makes the matrix numerically positive definite (duplicated points need some).</summary>
    public Cholesky Factor(double[][] points, MaternKernel kernel, double alpha)
    {
        for (var noise = alpha; ; noise = Math.Max(10 * noise, 1e-10))
        {
            if (TryFactor(points, kernel, noise)) return _factor;
            if (noise > 1e6) throw new InvalidOperationException("the Gaussian process's kernel matrix is not positive definite");
        }
    }

    private bool TryFactor(double[][] points, MaternKernel kernel, double noise)
    {
        var keep = 0;
        if (kernel.Equals(_kernel) && noise.Equals(_noise))
        {
            var limit = Math.Min(_points.Count, points.Length);
            while (keep < limit && points[keep].AsSpan().SequenceEqual(_points[keep])) keep++;
        }
        _factor.Truncate(keep);
        _points.RemoveRange(keep, _points.Count - keep);
        (_kernel, _noise) = (kernel, noise);
        var scales = kernel.InverseSquaredScales();
        if (_coordinates.Length != scales.Length || _coordinates[0].Length < points.Length)
            _coordinates = MaternKernel.Transposed(_points, scales.Length, Math.Max(points.Length, 2 * _points.Count));
        for (var i = keep; i < points.Length; i++)
        {
            if (_row.Length < i + 1) Array.Resize(ref _row, Math.Max(i + 1, 2 * _row.Length));
            var row = _row.AsSpan(0, i + 1);
            MaternKernel.SquaredDistances(points[i], _coordinates, scales, row[..i]);
            MaternKernel.Values(row[..i], kernel.SignalVariance, []);
            row[i] = kernel.SignalVariance + noise;
            if (!_factor.TryAppend(row))
            {
                _kernel = null; // what is kept is a prefix of a failed factorization: not reused
                return false;
            }
            _points.Add(points[i]);
            for (var d = 0; d < scales.Length; d++) _coordinates[d][i] = points[i][d];
        }
        return true;
    }
}
