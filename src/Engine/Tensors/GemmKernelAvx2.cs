using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tuner.Engine.Tensors;

/// <summary>
/// The AVX2 + FMA micro-kernel (16 ymm registers): a tile of up to 6 rows × 16 columns — the
/// BLIS/OpenBLAS Haswell shape, 12 accumulators, two loads of B and six broadcasts of A per twelve
/// fused multiply-adds — over one half of a 32-column B panel, then the epilogue.
/// </summary>
/// <remarks>
/// <para>Twelve independent accumulators cover the FMA latency × throughput of current cores (4 × 2
/// on Haswell … Zen 4) with room to spare; with the two B vectors and one broadcast that is 15 of the
/// 16 registers. A(r, p) is read through <c>TA</c> (packed, or A / Aᵀ in place).</para>
/// <para>The first <c>prefetchSteps</c> steps each ask for one line of the next B slice
/// (<c>prefetch</c>, 128 bytes apart) into L2: the recurrent weights (4 MiB at U = 512) stream from L3
/// once per product, and the hardware prefetcher alone left the forward product 25 % slower.</para>
/// <para>Per element: acc = fma(A(r, p), B(p, j), acc) for p in order — the same operations as every
/// other kernel, so all of them give bit-identical results.</para>
/// </remarks>
internal readonly unsafe struct GemmKernelAvx2 : IGemmNarrowKernel
{
    public static int Columns => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRows, TA>(int kc, float* a, nint aStride, float* b, float* c, nint ldc,
        int cols, float alpha, float beta, GemmEpilogue mode, float* tile, byte* prefetch, int prefetchSteps)
        where TRows : struct, IGemmCount
        where TA : struct, IGemmALayout
    {
        // When C is read after the k loop, ask for its lines now: the loop hides the latency.
        if (mode != GemmEpilogue.Overwrite)
        {
            for (var r = 0; r < TRows.Value; r++) Sse.Prefetch0(c + r * ldc);
        }

        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        var p = 0;
        for (; p + 2 <= kc; p += 2)
        {
            {
                var b0 = Vector256.Load(b);
                var b1 = Vector256.Load(b + 8);
                var a0 = Vector256.Create(TA.Get(a, aStride, 0));
                c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
                c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
                if (TRows.Value > 1)
                {
                    var a1 = Vector256.Create(TA.Get(a, aStride, 1));
                    c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
                    c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
                }
                if (TRows.Value > 2)
                {
                    var a2 = Vector256.Create(TA.Get(a, aStride, 2));
                    c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
                    c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
                }
                if (TRows.Value > 3)
                {
                    var a3 = Vector256.Create(TA.Get(a, aStride, 3));
                    c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
                    c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
                }
                if (TRows.Value > 4)
                {
                    var a4 = Vector256.Create(TA.Get(a, aStride, 4));
                    c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
                    c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
                }
                if (TRows.Value > 5)
                {
                    var a5 = Vector256.Create(TA.Get(a, aStride, 5));
                    c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
                    c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
                }
                a = TA.Next(a, aStride);
                b += GemmTile.NR;
                if (p < prefetchSteps) Sse.Prefetch1(prefetch + (nint)(p) * GemmTile.NR * sizeof(float));
            }
            {
                var b0 = Vector256.Load(b);
                var b1 = Vector256.Load(b + 8);
                var a0 = Vector256.Create(TA.Get(a, aStride, 0));
                c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
                c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
                if (TRows.Value > 1)
                {
                    var a1 = Vector256.Create(TA.Get(a, aStride, 1));
                    c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
                    c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
                }
                if (TRows.Value > 2)
                {
                    var a2 = Vector256.Create(TA.Get(a, aStride, 2));
                    c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
                    c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
                }
                if (TRows.Value > 3)
                {
                    var a3 = Vector256.Create(TA.Get(a, aStride, 3));
                    c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
                    c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
                }
                if (TRows.Value > 4)
                {
                    var a4 = Vector256.Create(TA.Get(a, aStride, 4));
                    c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
                    c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
                }
                if (TRows.Value > 5)
                {
                    var a5 = Vector256.Create(TA.Get(a, aStride, 5));
                    c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
                    c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
                }
                a = TA.Next(a, aStride);
                b += GemmTile.NR;
                if (p + 1 < prefetchSteps) Sse.Prefetch1(prefetch + (nint)(p + 1) * GemmTile.NR * sizeof(float));
            }
        }
        if (p < kc)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(TA.Get(a, aStride, 0));
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            if (TRows.Value > 1)
            {
                var a1 = Vector256.Create(TA.Get(a, aStride, 1));
                c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
                c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            }
            if (TRows.Value > 2)
            {
                var a2 = Vector256.Create(TA.Get(a, aStride, 2));
                c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
                c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            }
            if (TRows.Value > 3)
            {
                var a3 = Vector256.Create(TA.Get(a, aStride, 3));
                c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
                c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            }
            if (TRows.Value > 4)
            {
                var a4 = Vector256.Create(TA.Get(a, aStride, 4));
                c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
                c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            }
            if (TRows.Value > 5)
            {
                var a5 = Vector256.Create(TA.Get(a, aStride, 5));
                c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
                c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            }
            a = TA.Next(a, aStride);
            b += GemmTile.NR;
            if (p < prefetchSteps) Sse.Prefetch1(prefetch + (nint)(p) * GemmTile.NR * sizeof(float));
        }

        if (cols == 16)
        {
            var va = Vector256.Create(alpha);
            var vb = Vector256.Create(beta);
            StoreRow(c, c00, c01, va, vb, mode);
            if (TRows.Value > 1) StoreRow(c + 1 * ldc, c10, c11, va, vb, mode);
            if (TRows.Value > 2) StoreRow(c + 2 * ldc, c20, c21, va, vb, mode);
            if (TRows.Value > 3) StoreRow(c + 3 * ldc, c30, c31, va, vb, mode);
            if (TRows.Value > 4) StoreRow(c + 4 * ldc, c40, c41, va, vb, mode);
            if (TRows.Value > 5) StoreRow(c + 5 * ldc, c50, c51, va, vb, mode);
            return;
        }

        // A partial tile (the right edge of C): through the tile buffer, row stride 32.
        { c00.Store(tile + 0); c01.Store(tile + 8); }
        if (TRows.Value > 1) { c10.Store(tile + 32); c11.Store(tile + 40); }
        if (TRows.Value > 2) { c20.Store(tile + 64); c21.Store(tile + 72); }
        if (TRows.Value > 3) { c30.Store(tile + 96); c31.Store(tile + 104); }
        if (TRows.Value > 4) { c40.Store(tile + 128); c41.Store(tile + 136); }
        if (TRows.Value > 5) { c50.Store(tile + 160); c51.Store(tile + 168); }
        GemmTile.Store(tile, c, ldc, TRows.Value, cols, alpha, beta, mode);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> x0, Vector256<float> x1, Vector256<float> alpha, Vector256<float> beta, GemmEpilogue mode)
    {
        switch (mode)
        {
            case GemmEpilogue.Overwrite:
                (alpha * x0).Store(c);
                (alpha * x1).Store(c + 8);
                break;
            case GemmEpilogue.Accumulate:
                Vector256.FusedMultiplyAdd(alpha, x0, Vector256.Load(c)).Store(c);
                Vector256.FusedMultiplyAdd(alpha, x1, Vector256.Load(c + 8)).Store(c + 8);
                break;
            default:
                Vector256.FusedMultiplyAdd(alpha, x0, beta * Vector256.Load(c)).Store(c);
                Vector256.FusedMultiplyAdd(alpha, x1, beta * Vector256.Load(c + 8)).Store(c + 8);
                break;
        }
    }
}
