namespace Tuner.Engine.Tensors;

/// <summary>
/// A micro-kernel of at most 6 rows (the tile height is <c>TRows</c>) and <see cref="Columns"/>
/// columns that reads a slice of a 32-column B panel (the AVX2 and the Vector128 kernels): it
/// computes acc(r, j) = Σₚ A(r, p)·b[p·32 + j] for r &lt; TRows.Value, j &lt; Columns, then the
/// epilogue into the first <c>cols</c> columns of C.
/// </summary>
internal unsafe interface IGemmNarrowKernel
{
    /// <summary>Columns of C one call computes (a slice of the 32-column panel).</summary>
    static abstract int Columns { get; }

    /// <remarks>The first <paramref name="prefetchSteps"/> steps may each prefetch one line of the next B
    /// slice, <paramref name="prefetch"/> + p·128 bytes (a kernel without a prefetch instruction ignores them).</remarks>
    static abstract void Run<TRows, TA>(int kc, float* a, nint aStride, float* b, float* c, nint ldc,
        int cols, float alpha, float beta, GemmEpilogue mode, float* tile, byte* prefetch, int prefetchSteps)
        where TRows : struct, IGemmCount
        where TA : struct, IGemmALayout;
}
