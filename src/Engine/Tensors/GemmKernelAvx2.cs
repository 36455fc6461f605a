using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tuner.Engine.Tensors;

/// <summary>
/// The 256-bit fallback micro-kernel (AVX2 + FMA, 16 ymm registers): the 8×32 tile as four 4×16
/// sub-tiles, acc(r, j) = Σₚ a[p·aStride + r] · b[p·32 + j], then <see cref="GemmTile.Store"/>.
/// </summary>
internal static unsafe class GemmKernelAvx2
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint aStride, float* b, float* c, nint ldc,
        int rows, int cols, float alpha, float beta, GemmEpilogue mode, float* tile)
    {
        for (var r0 = 0; r0 < rows; r0 += 4)
        {
            for (var j0 = 0; j0 < cols; j0 += 16)
            {
                SubTile(kc, a + r0, aStride, b + j0, tile + r0 * GemmTile.NR + j0);
            }
        }
        GemmTile.Store(tile, c, ldc, rows, cols, alpha, beta, mode);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubTile(int kc, float* a, nint aStride, float* b, float* tile)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var ar = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(ar, b1, c31);
            a += aStride;
            b += GemmTile.NR;
        }
        const int nr = GemmTile.NR;
        c00.Store(tile); c01.Store(tile + 8);
        c10.Store(tile + nr); c11.Store(tile + nr + 8);
        c20.Store(tile + 2 * nr); c21.Store(tile + 2 * nr + 8);
        c30.Store(tile + 3 * nr); c31.Store(tile + 3 * nr + 8);
    }
}
