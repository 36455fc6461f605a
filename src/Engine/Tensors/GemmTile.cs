using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tuner.Engine.Tensors;

/// <summary>How a micro-tile of accumulated products is written into C.</summary>
internal enum GemmEpilogue
{
    /// <summary>C = α·acc (C is not read: it may hold NaN).</summary>
    Overwrite,

    /// <summary>C = α·acc + C, one fused multiply-add.</summary>
    Accumulate,

    /// <summary>C = α·acc + β·C, one fused multiply-add after the product β·C.</summary>
    Scale,
}

/// <summary>
/// The micro-tile shape shared by the packers and kernels, and the scalar epilogue every kernel
/// uses for partial tiles.
/// </summary>
/// <remarks>
/// Every element of C is computed the same way whichever kernel (AVX-512, AVX2, Vector128, scalar) or tile
/// position produces it: acc = 0, then acc = fma(a[p], b[p], acc) for p = 0 … kc−1 in order, then
/// the epilogue. That is why the results do not depend on the team size or the partition.
/// </remarks>
internal static unsafe class GemmTile
{
    /// <summary>Rows of a micro-tile (and of a packed A panel).</summary>
    public const int MR = 8;

    /// <summary>Columns of a micro-tile (and of a packed B panel).</summary>
    public const int NR = 32;

    /// <summary>Floats in one micro-tile buffer.</summary>
    public const int Size = MR * NR;

    /// <summary>
    /// Writes rows × cols of an accumulated tile (row stride <see cref="NR"/>) into C with the
    /// epilogue. Vector and scalar lanes compute the same fused operations (Vector128 without FMA
    /// hardware: a multiply and an add, see <see cref="Simd.Vector128Ops"/>).
    /// </summary>
    public static void Store(float* tile, float* c, nint ldc, int rows, int cols, float alpha, float beta, GemmEpilogue mode)
    {
        for (var r = 0; r < rows; r++)
        {
            var t = tile + r * NR;
            var cr = c + r * ldc;
            var j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var va = Vector256.Create(alpha);
                var vb = Vector256.Create(beta);
                for (; j + 8 <= cols; j += 8)
                {
                    var acc = Vector256.Load(t + j);
                    var result = mode switch
                    {
                        GemmEpilogue.Overwrite => va * acc,
                        GemmEpilogue.Accumulate => Vector256.FusedMultiplyAdd(va, acc, Vector256.Load(cr + j)),
                        _ => Vector256.FusedMultiplyAdd(va, acc, vb * Vector256.Load(cr + j)),
                    };
                    result.Store(cr + j);
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                var va = Vector128.Create(alpha);
                var vb = Vector128.Create(beta);
                for (; j + 4 <= cols; j += 4)
                {
                    var acc = Vector128.Load(t + j);
                    var result = mode switch
                    {
                        GemmEpilogue.Overwrite => va * acc,
                        GemmEpilogue.Accumulate => Vector128.MultiplyAddEstimate(va, acc, Vector128.Load(cr + j)),
                        _ => Vector128.MultiplyAddEstimate(va, acc, vb * Vector128.Load(cr + j)),
                    };
                    result.Store(cr + j);
                }
            }
            for (; j < cols; j++)
            {
                cr[j] = mode switch
                {
                    GemmEpilogue.Overwrite => alpha * t[j],
                    GemmEpilogue.Accumulate => MathF.FusedMultiplyAdd(alpha, t[j], cr[j]),
                    _ => MathF.FusedMultiplyAdd(alpha, t[j], beta * cr[j]),
                };
            }
        }
    }

    /// <summary>Scalar micro-kernel (no SIMD): acc(r, j) = Σₚ a[p·aStride + r]·b[p·bStride + j], then <see cref="Store"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void KernelScalar(int kc, float* a, nint aStride, float* b, nint bStride, float* c, nint ldc,
        int rows, int cols, float alpha, float beta, GemmEpilogue mode, float* tile)
    {
        new Span<float>(tile, Size).Clear();
        for (var p = 0; p < kc; p++)
        {
            var ap = a + p * aStride;
            var bp = b + p * bStride;
            for (var r = 0; r < rows; r++)
            {
                var ar = ap[r];
                var t = tile + r * NR;
                for (var j = 0; j < cols; j++) t[j] = MathF.FusedMultiplyAdd(ar, bp[j], t[j]);
            }
        }
        Store(tile, c, ldc, rows, cols, alpha, beta, mode);
    }
}
