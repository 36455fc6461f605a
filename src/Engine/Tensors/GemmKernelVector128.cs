using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tuner.Engine.Tensors;

/// <summary>
/// The Vector128 micro-kernel (NEON on ARM64, SSE/AVX on x86 without AVX2): a tile of up to 6
/// rows × 8 columns, 12 accumulators, over a quarter of a 32-column B panel, then the epilogue.
/// </summary>
/// <remarks>
/// <para>Only cross-platform Vector128 APIs. 12 accumulators + 2 B vectors + 1 broadcast fit the 16
/// registers of SSE (NEON has 32). On ARM64 the multiply-add is fused (fmla) and the results are
/// bit-identical to the other kernels'; on x86 without FMA it is a multiply then an add (see
/// <see cref="Simd.Vector128Ops"/>): deterministic, within rounding of the others. It does not
/// prefetch (.NET has no cross-platform prefetch): <c>prefetch</c> is ignored.</para>
/// </remarks>
internal readonly unsafe struct GemmKernelVector128 : IGemmNarrowKernel
{
    public static int Columns => 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRows, TA>(int kc, float* a, nint aStride, float* b, float* c, nint ldc,
        int cols, float alpha, float beta, GemmEpilogue mode, float* tile, byte* prefetch, int prefetchSteps)
        where TRows : struct, IGemmCount
        where TA : struct, IGemmALayout
    {
        Vector128<float> c00 = default, c01 = default;
        Vector128<float> c10 = default, c11 = default;
        Vector128<float> c20 = default, c21 = default;
        Vector128<float> c30 = default, c31 = default;
        Vector128<float> c40 = default, c41 = default;
        Vector128<float> c50 = default, c51 = default;
        var p = 0;
        for (; p + 2 <= kc; p += 2)
        {
            {
                var b0 = Vector128.Load(b);
                var b1 = Vector128.Load(b + 4);
                var a0 = Broadcast(TA.At(a, aStride, 0));
                c00 = Vector128.MultiplyAddEstimate(a0, b0, c00);
                c01 = Vector128.MultiplyAddEstimate(a0, b1, c01);
                if (TRows.Value > 1)
                {
                    var a1 = Broadcast(TA.At(a, aStride, 1));
                    c10 = Vector128.MultiplyAddEstimate(a1, b0, c10);
                    c11 = Vector128.MultiplyAddEstimate(a1, b1, c11);
                }
                if (TRows.Value > 2)
                {
                    var a2 = Broadcast(TA.At(a, aStride, 2));
                    c20 = Vector128.MultiplyAddEstimate(a2, b0, c20);
                    c21 = Vector128.MultiplyAddEstimate(a2, b1, c21);
                }
                if (TRows.Value > 3)
                {
                    var a3 = Broadcast(TA.At(a, aStride, 3));
                    c30 = Vector128.MultiplyAddEstimate(a3, b0, c30);
                    c31 = Vector128.MultiplyAddEstimate(a3, b1, c31);
                }
                if (TRows.Value > 4)
                {
                    var a4 = Broadcast(TA.At(a, aStride, 4));
                    c40 = Vector128.MultiplyAddEstimate(a4, b0, c40);
                    c41 = Vector128.MultiplyAddEstimate(a4, b1, c41);
                }
                if (TRows.Value > 5)
                {
                    var a5 = Broadcast(TA.At(a, aStride, 5));
                    c50 = Vector128.MultiplyAddEstimate(a5, b0, c50);
                    c51 = Vector128.MultiplyAddEstimate(a5, b1, c51);
                }
                a = TA.Next(a, aStride);
                b += GemmTile.NR;
            }
            {
                var b0 = Vector128.Load(b);
                var b1 = Vector128.Load(b + 4);
                var a0 = Broadcast(TA.At(a, aStride, 0));
                c00 = Vector128.MultiplyAddEstimate(a0, b0, c00);
                c01 = Vector128.MultiplyAddEstimate(a0, b1, c01);
                if (TRows.Value > 1)
                {
                    var a1 = Broadcast(TA.At(a, aStride, 1));
                    c10 = Vector128.MultiplyAddEstimate(a1, b0, c10);
                    c11 = Vector128.MultiplyAddEstimate(a1, b1, c11);
                }
                if (TRows.Value > 2)
                {
                    var a2 = Broadcast(TA.At(a, aStride, 2));
                    c20 = Vector128.MultiplyAddEstimate(a2, b0, c20);
                    c21 = Vector128.MultiplyAddEstimate(a2, b1, c21);
                }
                if (TRows.Value > 3)
                {
                    var a3 = Broadcast(TA.At(a, aStride, 3));
                    c30 = Vector128.MultiplyAddEstimate(a3, b0, c30);
                    c31 = Vector128.MultiplyAddEstimate(a3, b1, c31);
                }
                if (TRows.Value > 4)
                {
                    var a4 = Broadcast(TA.At(a, aStride, 4));
                    c40 = Vector128.MultiplyAddEstimate(a4, b0, c40);
                    c41 = Vector128.MultiplyAddEstimate(a4, b1, c41);
                }
                if (TRows.Value > 5)
                {
                    var a5 = Broadcast(TA.At(a, aStride, 5));
                    c50 = Vector128.MultiplyAddEstimate(a5, b0, c50);
                    c51 = Vector128.MultiplyAddEstimate(a5, b1, c51);
                }
                a = TA.Next(a, aStride);
                b += GemmTile.NR;
            }
        }
        if (p < kc)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var a0 = Broadcast(TA.At(a, aStride, 0));
            c00 = Vector128.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(a0, b1, c01);
            if (TRows.Value > 1)
            {
                var a1 = Broadcast(TA.At(a, aStride, 1));
                c10 = Vector128.MultiplyAddEstimate(a1, b0, c10);
                c11 = Vector128.MultiplyAddEstimate(a1, b1, c11);
            }
            if (TRows.Value > 2)
            {
                var a2 = Broadcast(TA.At(a, aStride, 2));
                c20 = Vector128.MultiplyAddEstimate(a2, b0, c20);
                c21 = Vector128.MultiplyAddEstimate(a2, b1, c21);
            }
            if (TRows.Value > 3)
            {
                var a3 = Broadcast(TA.At(a, aStride, 3));
                c30 = Vector128.MultiplyAddEstimate(a3, b0, c30);
                c31 = Vector128.MultiplyAddEstimate(a3, b1, c31);
            }
            if (TRows.Value > 4)
            {
                var a4 = Broadcast(TA.At(a, aStride, 4));
                c40 = Vector128.MultiplyAddEstimate(a4, b0, c40);
                c41 = Vector128.MultiplyAddEstimate(a4, b1, c41);
            }
            if (TRows.Value > 5)
            {
                var a5 = Broadcast(TA.At(a, aStride, 5));
                c50 = Vector128.MultiplyAddEstimate(a5, b0, c50);
                c51 = Vector128.MultiplyAddEstimate(a5, b1, c51);
            }
            a = TA.Next(a, aStride);
            b += GemmTile.NR;
        }

        if (cols == 8)
        {
            var va = Vector128.Create(alpha);
            var vb = Vector128.Create(beta);
            StoreRow(c, c00, c01, va, vb, mode);
            if (TRows.Value > 1) StoreRow(c + 1 * ldc, c10, c11, va, vb, mode);
            if (TRows.Value > 2) StoreRow(c + 2 * ldc, c20, c21, va, vb, mode);
            if (TRows.Value > 3) StoreRow(c + 3 * ldc, c30, c31, va, vb, mode);
            if (TRows.Value > 4) StoreRow(c + 4 * ldc, c40, c41, va, vb, mode);
            if (TRows.Value > 5) StoreRow(c + 5 * ldc, c50, c51, va, vb, mode);
            return;
        }

        // A partial tile (the right edge of C): through the tile buffer, row stride 32.
        { c00.Store(tile + 0); c01.Store(tile + 4); }
        if (TRows.Value > 1) { c10.Store(tile + 32); c11.Store(tile + 36); }
        if (TRows.Value > 2) { c20.Store(tile + 64); c21.Store(tile + 68); }
        if (TRows.Value > 3) { c30.Store(tile + 96); c31.Store(tile + 100); }
        if (TRows.Value > 4) { c40.Store(tile + 128); c41.Store(tile + 132); }
        if (TRows.Value > 5) { c50.Store(tile + 160); c51.Store(tile + 164); }
        GemmTile.Store(tile, c, ldc, TRows.Value, cols, alpha, beta, mode);
    }

    /// <summary>
    /// A float broadcast to every lane: one instruction on ARM64 (ld1r) and, through the guarded AVX
    /// form (vbroadcastss), on x86 too, where the JIT would otherwise load and shuffle (two).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Broadcast(float* source) =>
        Avx.IsSupported ? Avx.BroadcastScalarToVector128(source) : Vector128.Create(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector128<float> x0, Vector128<float> x1, Vector128<float> alpha, Vector128<float> beta, GemmEpilogue mode)
    {
        switch (mode)
        {
            case GemmEpilogue.Overwrite:
                (alpha * x0).Store(c);
                (alpha * x1).Store(c + 4);
                break;
            case GemmEpilogue.Accumulate:
                Vector128.MultiplyAddEstimate(alpha, x0, Vector128.Load(c)).Store(c);
                Vector128.MultiplyAddEstimate(alpha, x1, Vector128.Load(c + 4)).Store(c + 4);
                break;
            default:
                Vector128.MultiplyAddEstimate(alpha, x0, beta * Vector128.Load(c)).Store(c);
                Vector128.MultiplyAddEstimate(alpha, x1, beta * Vector128.Load(c + 4)).Store(c + 4);
                break;
        }
    }
}
