using System.Runtime.CompilerServices;
namespace Tuner.Coordinator.Search.Numerics;

/// <summary>The Cholesky factor L (lower triangular, L·Lᵀ = A) of a symmetric positive-definite matrix, and the
/// solves the Gaussian process needs. Row-major <c>double[n·n]</c>; every inner product is an <see cref="OrderedDot"/>
/// over contiguous rows, so the same input gives the same bits on every instruction set (a proposal must not change
/// with the machine that replays it).</summary>
internal sealed class Cholesky
{
    private double[]? _upper; // Lᵀ row-major: the backward solve then reads rows too

    private Cholesky(double[] lower, int n)
    {
        Lower = lower;
        Size = n;
    }

    /// <summary>L, row-major; the upper triangle is zero.</summary>
    public double[] Lower { get; }

    public int Size { get; }

    /// <summary>The factor of <paramref name="matrix"/> (n × n, only its lower triangle is read), or null when it is not
    /// numerically positive definite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Cholesky? TryFactor(ReadOnlySpan<double> matrix, int n)
    {
        var l = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[i * n + j] - OrderedDot.Dot(l.AsSpan(i * n, j), l.AsSpan(j * n, j));
                if (i == j)
                {
                    if (!(sum > 0) || !double.IsFinite(sum)) return null;
                    l[i * n + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        return new Cholesky(l, n);
    }

    /// <summary>Solves L·y = b in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SolveLower(Span<double> b)
    {
        var n = Size;
        for (var i = 0; i < n; i++)
            b[i] = (b[i] - OrderedDot.Dot(Lower.AsSpan(i * n, i), b[..i])) / Lower[i * n + i];
    }

    /// <summary>Solves Lᵀ·x = y in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SolveUpper(Span<double> y)
    {
        var n = Size;
        var upper = _upper ??= Transpose(Lower, n);
        for (var i = n - 1; i >= 0; i--)
            y[i] = (y[i] - OrderedDot.Dot(upper.AsSpan(i * n + i + 1, n - i - 1), y[(i + 1)..n])) / upper[i * n + i];
    }

    /// <summary>Solves A·x = b in place (A = L·Lᵀ).</summary>
    public void Solve(Span<double> b)
    {
        SolveLower(b);
        SolveUpper(b);
    }

    private static double[] Transpose(double[] matrix, int n)
    {
        var result = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                result[j * n + i] = matrix[i * n + j];
        return result;
    }

    /// <summary>log det A = 2 Σ log L_ii.</summary>
    public double LogDeterminant()
    {
        double sum = 0;
        for (var i = 0; i < Size; i++) sum += Math.Log(Lower[i * Size + i]);
        return 2 * sum;
    }

    /// <summary>A⁻¹ (row-major, full), from L⁻¹: A⁻¹ = L⁻ᵀ·L⁻¹. L⁻¹ is built transposed (its column c as row c), so
    /// both the substitution and the product read rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double[] Inverse()
    {
        var n = Size;
        var inverseT = new double[n * n]; // inverseT[c·n + i] = (L⁻¹)_ic, zero for i < c
        for (var c = 0; c < n; c++)
        {
            var column = inverseT.AsSpan(c * n, n);
            column[c] = 1 / Lower[c * n + c];
            for (var i = c + 1; i < n; i++)
                column[i] = -OrderedDot.Dot(Lower.AsSpan(i * n + c, i - c), column[c..i]) / Lower[i * n + i];
        }
        var result = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            var rowI = inverseT.AsSpan(i * n + i, n - i);
            for (var j = 0; j <= i; j++)
            {
                var sum = OrderedDot.Dot(rowI, inverseT.AsSpan(j * n + i, n - i));
                result[i * n + j] = sum;
                result[j * n + i] = sum;
            }
        }
        return result;
    }
}
