using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tuner.Engine.Tensors;

/// <summary>Which micro-kernel runs the product (tests force the lower ones on any machine).</summary>
internal enum GemmIsa
{
    Scalar,
    Avx2,
    Avx512,
}

/// <summary>One product C = α·op(A)·op(B) + β·C as raw pointers (the caller keeps the spans pinned).</summary>
internal unsafe struct GemmArgs
{
    public int M, N, K;
    public float Alpha, Beta;
    public float* A;
    public nint Lda;
    public bool TransA;

    /// <summary>op(B) as stored, when <see cref="PackedB"/> is null.</summary>
    public float* B;
    public nint Ldb;
    public bool TransB;

    /// <summary>Prepacked op(B): panel q (columns 32q …) at PackedB + q·K·32, or null.</summary>
    public float* PackedB;

    public float* C;
    public nint Ldc;
    public GemmIsa Isa;
}

/// <summary>
/// The blocked loops around the micro-kernels (Goto's scheme): K in blocks of at most
/// <see cref="KcMax"/>, B packed per (K block × <see cref="NC"/> columns) unless prepacked, A packed
/// per (<see cref="MC"/> rows × K block) or read in place, then micro-tiles of 8×32.
/// </summary>
/// <remarks>
/// The K blocking depends on K only, never on the partition or team size, so every element sees
/// the same sequence of operations: results are bit-identical for any team size.
/// </remarks>
internal static unsafe class GemmDriver
{
    private const int MR = GemmTile.MR;
    private const int NR = GemmTile.NR;

    /// <summary>
    /// Largest K block: a 32-column B panel slice of it (≤ 48 KiB) stays near L1 while the row
    /// blocks reuse it. Measured on this project's Xeon: 320–512 are within noise, 192–256 lose
    /// 5–10 % on the K = 2048 products (more C traffic).
    /// </summary>
    public const int KcMax = 384;

    /// <summary>Rows of A packed at once (MC·KcMax·4 bytes = 192 KiB, in L2); measured best of 64–512.</summary>
    public const int MC = 128;

    /// <summary>Columns of B packed at once (KcMax·NC·4 bytes = 3 MiB at most).</summary>
    public const int NC = 2048;

    public static readonly GemmIsa BestIsa =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmIsa.Avx512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmIsa.Avx2
        : GemmIsa.Scalar;

    /// <summary>K block length for a product of depth <paramref name="k"/>: ⌈k / ⌈k/KcMax⌉⌉, so the blocks are even.</summary>
    public static int KBlock(int k)
    {
        var blocks = (k + KcMax - 1) / KcMax;
        return (k + blocks - 1) / blocks;
    }

    /// <summary>
    /// Computes rows [rowStart, rowEnd) × columns [colStart, colEnd) of C; colStart is a multiple
    /// of 32 (a panel boundary), rowStart a multiple of 8.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmArgs g, int rowStart, int rowEnd, int colStart, int colEnd)
    {
        if (rowStart >= rowEnd || colStart >= colEnd) return;
        var k = g.K;
        var kcBlock = KBlock(k);
        var tile = GemmWorkspace.Tile();
        var firstMode = g.Beta == 0f ? GemmEpilogue.Overwrite
            : g.Beta == 1f ? GemmEpilogue.Accumulate
            : GemmEpilogue.Scale;

        for (var pc = 0; pc < k; pc += kcBlock)
        {
            var kc = Math.Min(kcBlock, k - pc);
            var mode = pc == 0 ? firstMode : GemmEpilogue.Accumulate;
            for (var jc = colStart; jc < colEnd; jc += NC)
            {
                var nc = Math.Min(NC, colEnd - jc);
                float* bBlock;
                nint bStride;
                if (g.PackedB != null)
                {
                    bStride = (nint)k * NR;
                    bBlock = g.PackedB + (jc / NR) * bStride + (nint)pc * NR;
                }
                else
                {
                    bStride = (nint)kc * NR;
                    bBlock = GemmWorkspace.PackedB((int)(((nc + NR - 1) / NR) * bStride));
                    GemmPack.PackB(g.TransB, g.B, g.Ldb, pc, kc, jc, nc, bBlock, bStride);
                }

                // Full 8-row tiles read A in place when that is cheaper than packing it; the
                // last partial tile (and every tile otherwise) reads a packed, zero-padded copy.
                var direct = ReadAInPlace(g, nc);
                for (var ic = rowStart; ic < rowEnd; ic += MC)
                {
                    var mc = Math.Min(MC, rowEnd - ic);
                    var packFrom = direct ? mc & ~(MR - 1) : 0;
                    var aBlock = GemmWorkspace.PackedA((mc - packFrom + MR - 1) / MR * kc * MR);
                    if (packFrom < mc) GemmPack.PackA(g.TransA, g.A, g.Lda, ic + packFrom, mc - packFrom, pc, kc, aBlock);

                    for (var jr = 0; jr < nc; jr += NR)
                    {
                        var cols = Math.Min(NR, nc - jr);
                        var bPanel = bBlock + (jr / NR) * bStride;
                        var cBlock = g.C + (nint)ic * g.Ldc + jc + jr;
                        // While the row blocks use this panel (from L1), pull the next one into L2:
                        // half of it (kc lines of 64 bytes) per row block.
                        var next = (byte*)(jr + NR < nc ? bPanel + bStride : bPanel);
                        for (var ir = 0; ir < mc; ir += MR)
                        {
                            var rows = Math.Min(MR, mc - ir);
                            var prefetch = next + ((ir / MR) & 1) * (nint)kc * 64;
                            var cTile = cBlock + ir * g.Ldc;
                            if (ir < packFrom && g.TransA)
                            {
                                GemmKernelAvx512.Run<GemmAStepMajor>(kc, g.A + (nint)pc * g.Lda + ic + ir, g.Lda, bPanel, cTile, g.Ldc,
                                    rows, cols, g.Alpha, g.Beta, mode, tile, prefetch);
                            }
                            else if (ir < packFrom)
                            {
                                GemmKernelAvx512.Run<GemmARowMajor>(kc, g.A + (nint)(ic + ir) * g.Lda + pc, g.Lda, bPanel, cTile, g.Ldc,
                                    rows, cols, g.Alpha, g.Beta, mode, tile, prefetch);
                            }
                            else
                            {
                                Kernel(g.Isa, kc, aBlock + (nint)(ir - packFrom) * kc, MR, bPanel, cTile, g.Ldc,
                                    rows, cols, g.Alpha, g.Beta, mode, tile, prefetch);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether full tiles read A in place (AVX-512 kernel only). Packing costs about as much per
    /// float of A as ⌈nc/32⌉ micro-kernel steps save; in place, Aᵀ's steps are lda apart
    /// (one cache line each), which only pays while few panels reuse the block.
    /// </summary>
    private static bool ReadAInPlace(in GemmArgs g, int nc) =>
        g.Isa == GemmIsa.Avx512 && (g.TransA ? nc <= 2 * NR : g.M <= 64);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel(GemmIsa isa, int kc, float* a, nint aStride, float* b, float* c, nint ldc,
        int rows, int cols, float alpha, float beta, GemmEpilogue mode, float* tile, byte* prefetch)
    {
        switch (isa)
        {
            case GemmIsa.Avx512:
                GemmKernelAvx512.Run<GemmAStepMajor>(kc, a, aStride, b, c, ldc, rows, cols, alpha, beta, mode, tile, prefetch);
                break;
            case GemmIsa.Avx2:
                GemmKernelAvx2.Run(kc, a, aStride, b, c, ldc, rows, cols, alpha, beta, mode, tile);
                break;
            default:
                GemmTile.KernelScalar(kc, a, aStride, b, NR, c, ldc, rows, cols, alpha, beta, mode, tile);
                break;
        }
    }
}
