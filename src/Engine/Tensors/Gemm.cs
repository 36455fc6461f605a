using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Tuner.Engine.Tensors;

/// <summary>
/// General matrix product (BLAS sgemm), row-major float32:
/// C[m×n] = α·op(A)[m×k]·op(B)[k×n] + β·C, with C(i, j) = α·Σₚ op(A)(i, p)·op(B)(p, j) + β·C(i, j).
/// </summary>
/// <remarks>
/// <para>Layout: element (r, c) of a stored matrix with leading dimension ld is at r·ld + c.
/// op(A) is A (stored m×k, lda ≥ k) or Aᵀ (stored k×m, lda ≥ m); likewise op(B) (stored k×n or n×k).</para>
/// <para>β = 0 does not read C (it may hold NaN); α = 0 or k = 0 does not read A or B.</para>
/// <para>Deterministic: the same inputs give bit-identical outputs for every team size — each
/// element is computed by one thread with one fixed summation order (fused multiply-adds in
/// increasing p, in blocks that depend on k only).</para>
/// <para>No allocation per call once the calling thread (and the team's workers) have packed their
/// largest block.</para>
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>The split of a product over a team, one per calling thread (set before each run).</summary>
    [ThreadStatic] private static GemmParallelWork? t_parallelWork;

    /// <summary>C = α·op(A)·op(B) + β·C (see <see cref="Gemm"/>).</summary>
    /// <param name="transA">Whether A enters as Aᵀ.</param>
    /// <param name="transB">Whether B enters as Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Leading dimension of A.</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Leading dimension of B.</param>
    /// <param name="beta">Scale of the old C; 0 means C is not read.</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>; must not overlap A or B.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="team">Threads to split the product over; null runs on the caller.</param>
    /// <exception cref="ArgumentException">A size, leading dimension or span length does not fit; the message names the values.</exception>
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        ComputeTeam? team = null)
        => Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, team, GemmDriver.BestIsa);

    /// <summary>
    /// C[m×n] = α·A[m×k]·op(B) + β·C with a prepacked right operand (k = <see cref="PackedMatrix.K"/>,
    /// n = <see cref="PackedMatrix.N"/>); A is stored m×k with lda ≥ k. Same contract as the general form.
    /// </summary>
    /// <exception cref="ArgumentException">A size, leading dimension or span length does not fit; the message names the values.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="b"/> was never packed.</exception>
    public static void Multiply(int m, float alpha, ReadOnlySpan<float> a, int lda, PackedMatrix b, float beta,
        Span<float> c, int ldc, ComputeTeam? team = null)
        => Multiply(m, alpha, a, lda, b, beta, c, ldc, team, GemmDriver.BestIsa);

    /// <summary>The general form with a chosen micro-kernel (tests run every kernel on any machine).</summary>
    internal static void Multiply(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        ComputeTeam? team, GemmIsa isa)
    {
        if (!Prepare(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var g = new GemmArgs
            {
                M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                A = pa, Lda = lda, TransA = transA == Transpose.Yes,
                B = pb, Ldb = ldb, TransB = transB == Transpose.Yes,
                C = pc, Ldc = ldc, Isa = isa,
            };
            Execute(ref g, team);
        }
    }

    /// <summary>The general form's checks and its trivial cases: false when C is already final.</summary>
    private static bool Prepare(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        CheckSizes(m, n, k);
        CheckOperand("A", "lda", transA, m, k, a.Length, lda);
        CheckOperand("B", "ldb", transB, k, n, b.Length, ldb);
        CheckOutput(m, n, c.Length, ldc);
        CheckNoOverlap(a, b, c);
        return !IsTrivial(m, n, k, alpha, beta, c, ldc);
    }

    /// <summary>
    /// The trivial cases of both forms (after their checks): true when C is already final — it is
    /// empty, or k = 0 or α = 0 and C has just been scaled by β.
    /// </summary>
    private static bool IsTrivial(int m, int n, int k, float alpha, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return true;
        if (k == 0 || alpha == 0f)
        {
            ScaleOutput(m, n, beta, c, ldc);
            return true;
        }
        return false;
    }

    /// <summary>The prepacked form with a chosen micro-kernel.</summary>
    internal static void Multiply(int m, float alpha, ReadOnlySpan<float> a, int lda, PackedMatrix b, float beta,
        Span<float> c, int ldc, ComputeTeam? team, GemmIsa isa)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (!b.IsPacked)
            throw new InvalidOperationException($"Gemm: the packed matrix (k = {b.K}, n = {b.N}, transB = {b.Transpose}) was never packed; call Pack first.");
        var n = b.N;
        var k = b.K;
        CheckSizes(m, n, k);
        CheckOperand("A", "lda", Transpose.No, m, k, a.Length, lda);
        CheckOutput(m, n, c.Length, ldc);
        if (a.Overlaps(c))
            throw new ArgumentException("Gemm: c overlaps a; the output must be a separate buffer.", nameof(c));
        if (IsTrivial(m, n, k, alpha, beta, c, ldc)) return;

        fixed (float* pa = a)
        fixed (float* pc = c)
        {
            var g = new GemmArgs
            {
                M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                A = pa, Lda = lda, TransA = false,
                PackedB = b.Data,
                C = pc, Ldc = ldc, Isa = isa,
            };
            Execute(ref g, team);
        }
    }

    private static void Execute(ref GemmArgs g, ComputeTeam? team)
    {
        if (team is not null && team.Size > 1)
        {
            var parts = GemmParallelWork.Plan(g.M, g.N, g.K, team.Size, g.PackedB != null, out var splitColumns);
            if (parts > 1)
            {
                // Per calling thread, not per team: nothing on this thread can start another product
                // before this run returns (the parts call only the driver).
                var work = t_parallelWork ??= new GemmParallelWork();
                work.Args = g;
                work.SplitColumns = splitColumns;
                team.Run(parts, work);
                return;
            }
        }
        GemmDriver.Run(g, 0, g.M, 0, g.N);
    }

    /// <summary>C = β·C over the m×n window (β = 0 writes zeros without reading C).</summary>
    private static void ScaleOutput(int m, int n, float beta, Span<float> c, int ldc)
    {
        if (beta == 1f) return;
        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckSizes(int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"Gemm: sizes must be ≥ 0, got m = {m}, n = {n}, k = {k}.");
    }

    /// <summary>Checks an operand whose op() is rows×cols, stored as is or transposed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void CheckOperand(string name, string ldName, Transpose trans, int rows, int cols, int length, int ld)
    {
        var storedRows = trans == Transpose.Yes ? cols : rows;
        var storedCols = trans == Transpose.Yes ? rows : cols;
        if (ld < Math.Max(1, storedCols))
            throw new ArgumentException(
                $"Gemm: {ldName} = {ld} is less than the {storedCols} columns of {name} as stored " +
                $"(op({name}) is {rows}×{cols}, trans{name} = {trans}).", ldName);
        var need = Required(storedRows, storedCols, ld);
        if (length < need)
            throw new ArgumentException(
                $"Gemm: {name.ToLowerInvariant()} holds {length} floats, but {name} stored {storedRows}×{storedCols} " +
                $"with {ldName} = {ld} needs {need} (op({name}) is {rows}×{cols}, trans{name} = {trans}).",
                name.ToLowerInvariant());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckOutput(int m, int n, int length, int ldc)
    {
        if (ldc < Math.Max(1, n))
            throw new ArgumentException($"Gemm: ldc = {ldc} is less than the n = {n} columns of C (m = {m}).", nameof(ldc));
        var need = Required(m, n, ldc);
        if (length < need)
            throw new ArgumentException(
                $"Gemm: c holds {length} floats, but C {m}×{n} with ldc = {ldc} needs {need}.", "c");
    }

    private static void CheckNoOverlap(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        if (c.Overlaps(a) || c.Overlaps(b))
            throw new ArgumentException("Gemm: c overlaps a or b; the output must be a separate buffer.", nameof(c));
    }

    /// <summary>Floats a rows×cols matrix with leading dimension ld spans: (rows−1)·ld + cols, or 0 when empty.</summary>
    internal static long Required(int rows, int cols, int ld) =>
        rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
}
