namespace Tuner.Coordinator.Search.Numerics;

/// <summary>The Cholesky factor L (lower triangular, L·Lᵀ = A) of a symmetric positive-definite matrix, and the
/// solves the Gaussian process needs. Row-major <c>double[n·n]</c>; scalar loops in a fixed order, so the same input
/// gives the same bits on every instruction set (a proposal must not change with the machine that replays it).</summary>
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
    public static Cholesky? TryFactor(ReadOnlySpan<double> matrix, int n)
    {
        var l = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[i * n + j] - Dot(l.AsSpan(i * n, j), l.AsSpan(j * n, j));
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
    public void SolveLower(Span<double> b)
    {
        var n = Size;
        for (var i = 0; i < n; i++)
            b[i] = (b[i] - Dot(Lower.AsSpan(i * n, i), b[..i])) / Lower[i * n + i];
    }

    /// <summary>Solves Lᵀ·x = y in place.</summary>
    public void SolveUpper(Span<double> y)
    {
        var n = Size;
        var upper = _upper ??= Transpose(Lower, n);
        for (var i = n - 1; i >= 0; i--)
            y[i] = (y[i] - Dot(upper.AsSpan(i * n + i + 1, n - i - 1), y[(i + 1)..n])) / upper[i * n + i];
    }

    /// <summary>Solves A·x = b in place (A = L·Lᵀ).</summary>
    public void Solve(Span<double> b)
    {
        SolveLower(b);
        SolveUpper(b);
    }

    /// <summary>Σ a_k·b_k with four accumulators in a fixed order: faster than one chain, and the same bits on every
    /// machine (no SIMD width decides the order of the additions).</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var k = 0;
        for (; k + 4 <= a.Length; k += 4)
        {
            s0 += a[k] * b[k];
            s1 += a[k + 1] * b[k + 1];
            s2 += a[k + 2] * b[k + 2];
            s3 += a[k + 3] * b[k + 3];
        }
        for (; k < a.Length; k++) s0 += a[k] * b[k];
        return (s0 + s1) + (s2 + s3);
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

    /// <summary>A⁻¹ (row-major, full), from L⁻¹: A⁻¹ = L⁻ᵀ·L⁻¹.</summary>
    public double[] Inverse()
    {
        var n = Size;
        // L⁻¹ by forward substitution, column by column (lower triangular).
        var inv = new double[n * n];
        for (var c = 0; c < n; c++)
        {
            inv[c * n + c] = 1 / Lower[c * n + c];
            for (var i = c + 1; i < n; i++)
            {
                double sum = 0;
                for (var k = c; k < i; k++) sum -= Lower[i * n + k] * inv[k * n + c];
                inv[i * n + c] = sum / Lower[i * n + i];
            }
        }
        var result = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                double sum = 0;
                for (var k = i; k < n; k++) sum += inv[k * n + i] * inv[k * n + j];
                result[i * n + j] = sum;
                result[j * n + i] = sum;
            }
        }
        return result;
    }
}
