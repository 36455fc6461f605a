namespace Tuner.Engine.Tensors;

/// <summary>
/// A right operand op(B)[k×n] copied once into the layout the matrix-product kernel streams, for
/// products repeated with the same matrix (a recurrent weight used at every time step).
/// </summary>
/// <remarks>
/// <para>Created for a fixed (transB, k, n); <see cref="Pack"/> refills it in place without
/// allocating whenever the matrix changes (once per training step), and
/// <see cref="Gemm.Multiply(int, float, ReadOnlySpan{float}, int, PackedMatrix, float, Span{float}, int, ComputeTeam?)"/>
/// uses it any number of times with any number of rows of A.</para>
/// <para>Layout: ⌈n/32⌉ panels of 32 columns; panel q holds op(B)(p, 32q + j) at q·k·32 + p·32 + j,
/// zero past column n.</para>
/// <para>Example: the LSTM forward step G[B×4U] = H[B×U]·W_hhᵀ with W_hh stored [4U][U] is
/// <c>new PackedMatrix(Transpose.Yes, k: U, n: 4U)</c>, packed from W_hh with ldb = U.</para>
/// </remarks>
public sealed unsafe class PackedMatrix
{
    private readonly AlignedBuffer _data = new();

    /// <summary>Creates an empty packed operand for op(B) of <paramref name="k"/>×<paramref name="n"/>.</summary>
    /// <param name="transB">Whether B is stored transposed: stored n×k (<see cref="Transpose.Yes"/>) or k×n.</param>
    /// <param name="k">Rows of op(B): the depth of the products.</param>
    /// <param name="n">Columns of op(B) and of the products' output.</param>
    /// <exception cref="ArgumentException"><paramref name="k"/> or <paramref name="n"/> is negative.</exception>
    public PackedMatrix(Transpose transB, int k, int n)
    {
        if (k < 0 || n < 0)
            throw new ArgumentException($"PackedMatrix: sizes must be ≥ 0, got k = {k}, n = {n}.");
        Transpose = transB;
        K = k;
        N = n;
        _data.Ensure((int)Math.Max(1L, (long)(n + GemmTile.NR - 1) / GemmTile.NR * GemmTile.NR * k));
    }

    /// <summary>Whether B is stored transposed.</summary>
    public Transpose Transpose { get; }

    /// <summary>Rows of op(B).</summary>
    public int K { get; }

    /// <summary>Columns of op(B).</summary>
    public int N { get; }

    /// <summary>Whether <see cref="Pack"/> has run at least once.</summary>
    public bool IsPacked { get; private set; }

    internal float* Data => _data.Pointer;

    /// <summary>
    /// Copies B (stored k×n, or n×k when <see cref="Transpose"/> is <see cref="Transpose.Yes"/>, row-major
    /// with leading dimension <paramref name="ldb"/>) into the packed layout. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">ldb or the length of b does not fit; the message names the values.</exception>
    public void Pack(ReadOnlySpan<float> b, int ldb)
    {
        Gemm.CheckOperand("B", "ldb", Transpose, K, N, b.Length, ldb);
        if (K > 0 && N > 0)
        {
            fixed (float* pb = b)
            {
                GemmPack.PackB(Transpose == Transpose.Yes, pb, ldb, 0, K, 0, N, Data, (nint)K * GemmTile.NR);
            }
        }
        IsPacked = true;
    }
}
