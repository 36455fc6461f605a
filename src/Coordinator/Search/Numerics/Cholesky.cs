using System.Runtime.CompilerServices;
namespace Tuner.Coordinator.Search.Numerics;

/// <summary>The Cholesky factor L (lower triangular, L·Lᵀ = A) of a symmetric positive-definite matrix, grown a row at
/// a time, and the solves the Gaussian process needs. L is stored packed by rows (row i at i(i+1)/2, i + 1 entries), so
/// a factor extends, or shrinks back to a prefix, without moving what it has: a process conditioned on one more point
/// costs one row, not a new factorization.</summary>
/// <remarks>Every sum has one fixed order on every instruction set (inner products are <see cref="OrderedDot"/>; row
/// updates are <see cref="LaneWise"/>), so the same input gives the same bits on any machine: a proposal must not change
/// with the machine that replays it. <see cref="Version"/> changes with every change of size, so a user of the factor
/// can tell that it was grown or cut under it.</remarks>
internal sealed class Cholesky
{
    private double[] _packed;

    public Cholesky(int capacity = 16) => _packed = new double[Offset(Math.Max(capacity, 1))];

    /// <summary>Rows (and columns) of L so far.</summary>
    public int Size { get; private set; }

    /// <summary>Changes whenever <see cref="Size"/> does.</summary>
    public long Version { get; private set; }

    /// <summary>The factor of <paramref name="matrix"/> (n × n row-major, only its lower triangle is read), or null when it
    /// is not numerically positive definite.</summary>
    public static Cholesky? TryFactor(ReadOnlySpan<double> matrix, int n)
    {
        var factor = new Cholesky(n);
        for (var i = 0; i < n; i++)
            if (!factor.TryAppend(matrix.Slice(i * n, i + 1))) return null;
        return factor;
    }

    /// <summary>Row i of L (its i + 1 entries, the diagonal last).</summary>
    public ReadOnlySpan<double> Row(int i) => _packed.AsSpan(Offset(i), i + 1);

    /// <summary>Keeps the first <paramref name="size"/> rows: the factor of A's leading block.</summary>
    public void Truncate(int size)
    {
        if (size > Size) throw new ArgumentOutOfRangeException(nameof(size), size, $"the factor has {Size} rows");
        if (size == Size) return;
        Size = size;
        Version++;
    }

    /// <summary>Extends A by one row and column, given row n of A (A[n, 0..n], the diagonal last), and computes row n of L;
    /// false, with nothing appended, when the matrix so extended is not numerically positive definite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAppend(ReadOnlySpan<double> row)
    {
        var i = Size;
        if (row.Length != i + 1) throw new ArgumentException($"row {i} of A has {i + 1} entries, not {row.Length}", nameof(row));
        if (_packed.Length < Offset(i + 1)) Array.Resize(ref _packed, Offset(Math.Max(i + 1, 2 * i)));
        var packed = _packed;
        var li = packed.AsSpan(Offset(i), i + 1);
        for (var j = 0; j < i; j++)
            li[j] = (row[j] - OrderedDot.Dot(li[..j], packed.AsSpan(Offset(j), j))) / packed[Offset(j) + j];
        var sum = row[i] - OrderedDot.Dot(li[..i], li[..i]);
        if (!(sum > 0) || !double.IsFinite(sum)) return false;
        li[i] = Math.Sqrt(sum);
        Size = i + 1;
        Version++;
        return true;
    }

    /// <summary>Solves L·y = b in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SolveLower(Span<double> b)
    {
        var packed = _packed;
        for (var i = 0; i < Size; i++)
        {
            var offset = Offset(i);
            b[i] = (b[i] - OrderedDot.Dot(packed.AsSpan(offset, i), b[..i])) / packed[offset + i];
        }
    }

    /// <summary>Solves Lᵀ·x = y in place, by columns of Lᵀ (rows of L): once x_i is known, it is taken out of every
    /// earlier equation, a lane-wise update in the order i = n − 1 … 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SolveUpper(Span<double> y)
    {
        var packed = _packed;
        var i = Size - 1;
        for (; i >= 1; i -= 2) // two rows per pass over y: half the loads and stores, the same operations per element
        {
            var (upper, lower) = (Offset(i), Offset(i - 1));
            y[i] /= packed[upper + i];
            y[i - 1] = (y[i - 1] - y[i] * packed[upper + i - 1]) / packed[lower + i - 1];
            LaneWise.SubtractScaledPair(y[..(i - 1)], y[i], packed.AsSpan(upper, i - 1), y[i - 1], packed.AsSpan(lower, i - 1));
        }
        if (i == 0) y[0] /= packed[0];
    }

    /// <summary>Solves A·x = b in place (A = L·Lᵀ).</summary>
    public void Solve(Span<double> b)
    {
        SolveLower(b);
        SolveUpper(b);
    }

    /// <summary>Solves L·Y = B in place for <see cref="LaneWise.BlockWidth"/> right-hand sides at once: <paramref name="block"/>
    /// holds row i of B as entries [i·w, (i + 1)·w). Each column gets exactly the operations, in the same order, that it
    /// would get alone (y_i = (b_i − Σ_j L_ij·y_j) / L_ii with j ascending), so its bits do not depend on its neighbours.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SolveLowerBlock(Span<double> block)
    {
        const int w = LaneWise.BlockWidth;
        var packed = _packed;
        for (var i = 0; i < Size; i++)
        {
            var offset = Offset(i);
            LaneWise.SubtractCombination(block.Slice(i * w, w), packed.AsSpan(offset, i), block[..(i * w)], packed[offset + i]);
        }
    }

    /// <summary>log det A = 2 Σ log L_ii.</summary>
    public double LogDeterminant()
    {
        double sum = 0;
        for (var i = 0; i < Size; i++) sum += Math.Log(_packed[Offset(i) + i]);
        return 2 * sum;
    }

    /// <summary>A⁻¹ (row-major, full, n × n) into <paramref name="result"/>, from L⁻¹: A⁻¹ = L⁻ᵀ·L⁻¹. L⁻¹ is built
    /// transposed in <paramref name="scratch"/> (n × n; its column c as row c), so both the substitution and the product
    /// read rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Inverse(Span<double> result, Span<double> scratch)
    {
        var n = Size;
        var packed = _packed;
        var inverseT = scratch[..(n * n)]; // inverseT[c·n + i] = (L⁻¹)_ic, zero for i < c
        for (var c = 0; c < n; c++)
        {
            var column = inverseT.Slice(c * n, n);
            column[..c].Clear();
            column[c] = 1 / packed[Offset(c) + c];
            for (var i = c + 1; i < n; i++)
            {
                var offset = Offset(i);
                column[i] = -OrderedDot.Dot(packed.AsSpan(offset + c, i - c), column[c..i]) / packed[offset + i];
            }
        }
        for (var i = 0; i < n; i++)
        {
            var rowI = inverseT.Slice(i * n + i, n - i);
            for (var j = 0; j <= i; j++)
            {
                var sum = OrderedDot.Dot(rowI, inverseT.Slice(j * n + i, n - i));
                result[i * n + j] = sum;
                result[j * n + i] = sum;
            }
        }
    }

    private static int Offset(int row) => row * (row + 1) / 2;
}
