using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tuner.Engine.Tensors;

/// <summary>
/// The AVX-512 micro-kernel: one 8×32 tile of C from 8 rows of A and a packed B panel,
/// acc(r, j) = Σₚ A(r, p) · b[p·32 + j] for p = 0 … kc−1, in 16 zmm accumulators, then the epilogue.
/// </summary>
/// <remarks>
/// <para>A(r, p) is found through the layout <c>TA</c>: a packed panel or Aᵀ in place
/// (<see cref="GemmAStepMajor"/>, a[p·stride + r]) or A in place (<see cref="GemmARowMajor"/>,
/// a[r·stride + p]). <c>prefetch</c> walks one 64-byte line per step through the next B panel.</para>
/// <para>Per step p: two 16-float loads of B, eight broadcasts of A, sixteen fused multiply-adds — FMA
/// bound on a core with two 512-bit FMA units (8 cycles per step), with loads to spare.</para>
/// </remarks>
internal static unsafe class GemmKernelAvx512
{

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TA>(int kc, float* a, nint aStride, float* b, float* c, nint ldc,
        int rows, int cols, float alpha, float beta, GemmEpilogue mode, float* tile, byte* prefetch)
        where TA : struct, IGemmALayout
    {
        // When C is read after the k loop, ask for its lines now: the loop hides the latency
        // (measured +2–4 % on the β = 1 weight-gradient products, neutral elsewhere).
        for (var r = 0; r < (mode == GemmEpilogue.Overwrite ? 0 : rows); r++)
        {
            Sse.Prefetch0(c + r * ldc);
            Sse.Prefetch0(c + r * ldc + 16);
        }

        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;

        var p = 0;
        for (; p + 2 <= kc; p += 2)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var ar = Vector512.Create(TA.Get(a, aStride, 0));
            c00 = Vector512.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(TA.Get(a, aStride, 1));
            c10 = Vector512.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(TA.Get(a, aStride, 2));
            c20 = Vector512.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(TA.Get(a, aStride, 3));
            c30 = Vector512.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector512.Create(TA.Get(a, aStride, 4));
            c40 = Vector512.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector512.Create(TA.Get(a, aStride, 5));
            c50 = Vector512.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ar, b1, c51);
            ar = Vector512.Create(TA.Get(a, aStride, 6));
            c60 = Vector512.FusedMultiplyAdd(ar, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(ar, b1, c61);
            ar = Vector512.Create(TA.Get(a, aStride, 7));
            c70 = Vector512.FusedMultiplyAdd(ar, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(ar, b1, c71);
            a = TA.Next(a, aStride);

            b0 = Vector512.Load(b + 32);
            b1 = Vector512.Load(b + 48);
            ar = Vector512.Create(TA.Get(a, aStride, 0));
            c00 = Vector512.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(TA.Get(a, aStride, 1));
            c10 = Vector512.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(TA.Get(a, aStride, 2));
            c20 = Vector512.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(TA.Get(a, aStride, 3));
            c30 = Vector512.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector512.Create(TA.Get(a, aStride, 4));
            c40 = Vector512.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector512.Create(TA.Get(a, aStride, 5));
            c50 = Vector512.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ar, b1, c51);
            ar = Vector512.Create(TA.Get(a, aStride, 6));
            c60 = Vector512.FusedMultiplyAdd(ar, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(ar, b1, c61);
            ar = Vector512.Create(TA.Get(a, aStride, 7));
            c70 = Vector512.FusedMultiplyAdd(ar, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(ar, b1, c71);
            a = TA.Next(a, aStride);
            b += 64;
            Sse.Prefetch1(prefetch);
            Sse.Prefetch1(prefetch + 64);
            prefetch += 128;
        }
        if (p < kc)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var ar = Vector512.Create(TA.Get(a, aStride, 0));
            c00 = Vector512.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(TA.Get(a, aStride, 1));
            c10 = Vector512.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(TA.Get(a, aStride, 2));
            c20 = Vector512.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(TA.Get(a, aStride, 3));
            c30 = Vector512.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector512.Create(TA.Get(a, aStride, 4));
            c40 = Vector512.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector512.Create(TA.Get(a, aStride, 5));
            c50 = Vector512.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ar, b1, c51);
            ar = Vector512.Create(TA.Get(a, aStride, 6));
            c60 = Vector512.FusedMultiplyAdd(ar, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(ar, b1, c61);
            ar = Vector512.Create(TA.Get(a, aStride, 7));
            c70 = Vector512.FusedMultiplyAdd(ar, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(ar, b1, c71);
        }

        if (rows == GemmTile.MR && cols == GemmTile.NR)
        {
            var va = Vector512.Create(alpha);
            var vb = Vector512.Create(beta);
            StoreRow(c, c00, c01, va, vb, mode);
            StoreRow(c + ldc, c10, c11, va, vb, mode);
            StoreRow(c + 2 * ldc, c20, c21, va, vb, mode);
            StoreRow(c + 3 * ldc, c30, c31, va, vb, mode);
            StoreRow(c + 4 * ldc, c40, c41, va, vb, mode);
            StoreRow(c + 5 * ldc, c50, c51, va, vb, mode);
            StoreRow(c + 6 * ldc, c60, c61, va, vb, mode);
            StoreRow(c + 7 * ldc, c70, c71, va, vb, mode);
            return;
        }

        c00.Store(tile); c01.Store(tile + 16);
        c10.Store(tile + 32); c11.Store(tile + 48);
        c20.Store(tile + 64); c21.Store(tile + 80);
        c30.Store(tile + 96); c31.Store(tile + 112);
        c40.Store(tile + 128); c41.Store(tile + 144);
        c50.Store(tile + 160); c51.Store(tile + 176);
        c60.Store(tile + 192); c61.Store(tile + 208);
        c70.Store(tile + 224); c71.Store(tile + 240);
        GemmTile.Store(tile, c, ldc, rows, cols, alpha, beta, mode);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector512<float> x0, Vector512<float> x1,
        Vector512<float> alpha, Vector512<float> beta, GemmEpilogue mode)
    {
        switch (mode)
        {
            case GemmEpilogue.Overwrite:
                (alpha * x0).Store(c);
                (alpha * x1).Store(c + 16);
                break;
            case GemmEpilogue.Accumulate:
                Vector512.FusedMultiplyAdd(alpha, x0, Vector512.Load(c)).Store(c);
                Vector512.FusedMultiplyAdd(alpha, x1, Vector512.Load(c + 16)).Store(c + 16);
                break;
            default:
                Vector512.FusedMultiplyAdd(alpha, x0, beta * Vector512.Load(c)).Store(c);
                Vector512.FusedMultiplyAdd(alpha, x1, beta * Vector512.Load(c + 16)).Store(c + 16);
                break;
        }
    }
}
