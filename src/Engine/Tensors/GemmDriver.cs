using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tuner.Engine.Tensors;

/// <summary>Which micro-kernel runs the product (tests force the lower ones on any machine).</summary>
internal enum GemmIsa
{
    /// <summary>No SIMD: 8×32 tiles in plain loops (DOTNET_EnableHWIntrinsic=0, and the reference).</summary>
    Scalar,

    /// <summary>Vector128 (NEON on ARM64, SSE/AVX on x86 without AVX2): 6×8 tiles.</summary>
    Vector128,

    /// <summary>AVX2 + FMA: 6×16 tiles.</summary>
    Avx2,

    /// <summary>AVX-512: 8×32 tiles.</summary>
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
/// per (<see cref="MC"/> rows × K block) or read in place, then micro-tiles: 8×32 (AVX-512, scalar),
/// up to 6×16 (AVX2) or 6×8 (Vector128) over slices of the same 32-column B panels.
/// </summary>
/// <remarks>
/// The K blocking depends on K only, never on the ISA, the partition or the team size, so every
/// element sees the same sequence of operations: results are bit-identical for any team size, and
/// across the kernels that fuse their multiply-adds (<see cref="FusesMultiplyAdd"/>).
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

    /// <summary>The fastest kernel this process may run (the runtime's DOTNET_Enable… switches count).</summary>
    public static readonly GemmIsa BestIsa =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmIsa.Avx512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmIsa.Avx2
        : Vector128.IsHardwareAccelerated ? GemmIsa.Vector128
        : GemmIsa.Scalar;

    /// <summary>
    /// Whether the kernel's multiply-add is fused. Every kernel is, except Vector128 on x86 without FMA
    /// (.NET enables FMA together with AVX2): there it multiplies then adds, so its results are its own —
    /// deterministic, within rounding of the others — rather than bit-identical to theirs.
    /// </summary>
    public static bool FusesMultiplyAdd(GemmIsa isa) =>
        isa != GemmIsa.Vector128 || Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>K block length for a product of depth <paramref name="k"/>: ⌈k / ⌈k/KcMax⌉⌉, so the blocks are even.</summary>
    public static int KBlock(int k)
    {
        var blocks = (k + KcMax - 1) / KcMax;
        return (k + blocks - 1) / blocks;
    }

    /// <summary>
    /// Computes rows [rowStart, rowEnd) × columns [colStart, colEnd) of C; colStart is a multiple
    /// of 32 (a panel boundary).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmArgs g, int rowStart, int rowEnd, int colStart, int colEnd)
    {
        if (rowStart >= rowEnd || colStart >= colEnd) return;
        if (colStart == 0 && colEnd == g.N && GemmSkinny.Takes(g))
        {
            GemmSkinny.Run(g, rowStart, rowEnd);
            return;
        }
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

                switch (g.Isa)
                {
                    case GemmIsa.Avx2:
                        NarrowBlocks<GemmKernelAvx2>(g, rowStart, rowEnd, pc, kc, jc, nc, bBlock, bStride, mode, tile);
                        break;
                    case GemmIsa.Vector128:
                        NarrowBlocks<GemmKernelVector128>(g, rowStart, rowEnd, pc, kc, jc, nc, bBlock, bStride, mode, tile);
                        break;
                    default:
                        WideBlocks(g, rowStart, rowEnd, pc, kc, jc, nc, bBlock, bStride, mode, tile);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// One (K block × column block) with the 8×32 kernels (AVX-512, scalar): row blocks of
    /// <see cref="MC"/>, 8-row tiles from rowStart (the last one partial, on zero-padded packed A).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WideBlocks(in GemmArgs g, int rowStart, int rowEnd, int pc, int kc, int jc, int nc,
        float* bBlock, nint bStride, GemmEpilogue mode, float* tile)
    {
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
                    else if (g.Isa == GemmIsa.Avx512)
                    {
                        GemmKernelAvx512.Run<GemmAStepMajor>(kc, aBlock + (nint)(ir - packFrom) * kc, MR, bPanel, cTile, g.Ldc,
                            rows, cols, g.Alpha, g.Beta, mode, tile, prefetch);
                    }
                    else
                    {
                        GemmTile.KernelScalar(kc, aBlock + (nint)(ir - packFrom) * kc, MR, bPanel, NR, cTile, g.Ldc,
                            rows, cols, g.Alpha, g.Beta, mode, tile);
                    }
                }
            }
        }
    }

    /// <summary>
    /// One (K block × column block) with a kernel of at most 6 rows (AVX2, Vector128): row blocks of
    /// <see cref="MC"/>, each cut into tiles of 6 and 5 rows (⌈mc/6⌉ tiles as even as possible: 32
    /// rows are 6+6+5+5+5+5, not 6·5+2), so no tile is short of accumulators and none computes
    /// padding. Each slice of a B panel (kc × 16 or 8 floats, in L1) serves all tiles of the block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NarrowBlocks<TKernel>(in GemmArgs g, int rowStart, int rowEnd, int pc, int kc, int jc, int nc,
        float* bBlock, nint bStride, GemmEpilogue mode, float* tile)
        where TKernel : struct, IGemmNarrowKernel
    {
        var width = TKernel.Columns;
        var inPlace = NarrowAInPlace(g, nc);
        for (var ic = rowStart; ic < rowEnd; ic += MC)
        {
            var mc = Math.Min(MC, rowEnd - ic);
            var tiles = (mc + NarrowRows - 1) / NarrowRows;
            var shortRows = mc / tiles;      // every tile has shortRows or shortRows + 1 rows
            var tallTiles = mc % tiles;      // the first tallTiles have shortRows + 1

            float* aBlock = null;
            if (!inPlace)
            {
                aBlock = GemmWorkspace.PackedA(mc * kc);
                for (int t = 0, r0 = 0; t < tiles; t++)
                {
                    var h = t < tallTiles ? shortRows + 1 : shortRows;
                    GemmPack.PackAPanel(g.TransA, g.A, g.Lda, ic + r0, h, pc, kc, aBlock + (nint)r0 * kc);
                    r0 += h;
                }
            }

            for (var jr = 0; jr < nc; jr += NR)
            {
                var cols = Math.Min(NR, nc - jr);
                var bPanel = bBlock + (jr / NR) * bStride;
                for (var s = 0; s < cols; s += width)
                {
                    var sliceCols = Math.Min(width, cols - s);
                    var cSlice = g.C + (nint)ic * g.Ldc + jc + jr + s;
                    // The next slice's kc lines go to L2 while this one's tiles run, a share per tile.
                    var next = (byte*)(s + width < cols ? bPanel + s + width : jr + NR < nc ? bPanel + bStride : null);
                    for (int t = 0, r0 = 0; t < tiles; t++)
                    {
                        var first = next == null ? 0 : kc * t / tiles;
                        var prefetchSteps = next == null ? 0 : kc * (t + 1) / tiles - first;
                        var h = t < tallTiles ? shortRows + 1 : shortRows;
                        float* a;
                        nint aStride;
                        var rowMajor = false;
                        if (!inPlace)
                        {
                            a = aBlock + (nint)r0 * kc;
                            aStride = h;
                        }
                        else if (g.TransA)
                        {
                            a = g.A + (nint)pc * g.Lda + ic + r0;
                            aStride = g.Lda;
                        }
                        else
                        {
                            a = g.A + (nint)(ic + r0) * g.Lda + pc;
                            aStride = g.Lda;
                            rowMajor = true;
                        }
                        NarrowTile<TKernel>(h, rowMajor, kc, a, aStride, bPanel + s, cSlice + (nint)r0 * g.Ldc, g.Ldc,
                            sliceCols, g.Alpha, g.Beta, mode, tile, next + (nint)first * NR * sizeof(float), prefetchSteps);
                        r0 += h;
                    }
                }
            }
        }
    }

    /// <summary>Most rows of a tile of the AVX2 and Vector128 kernels.</summary>
    private const int NarrowRows = 6;

    /// <summary>The kernel compiled for a tile of <paramref name="rows"/> (1 … 6) and A's layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NarrowTile<TKernel>(int rows, bool rowMajor, int kc, float* a, nint aStride, float* b, float* c, nint ldc,
        int cols, float alpha, float beta, GemmEpilogue mode, float* tile, byte* prefetch, int prefetchSteps)
        where TKernel : struct, IGemmNarrowKernel
    {
        if (rowMajor)
        {
            switch (rows)
            {
                case 6: TKernel.Run<GemmCount6, GemmARowMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
                case 5: TKernel.Run<GemmCount5, GemmARowMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
                case 4: TKernel.Run<GemmCount4, GemmARowMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
                case 3: TKernel.Run<GemmCount3, GemmARowMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
                case 2: TKernel.Run<GemmCount2, GemmARowMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
                default: TKernel.Run<GemmCount1, GemmARowMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
            }
        }
        else
        {
            switch (rows)
            {
                case 6: TKernel.Run<GemmCount6, GemmAStepMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
                case 5: TKernel.Run<GemmCount5, GemmAStepMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
                case 4: TKernel.Run<GemmCount4, GemmAStepMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
                case 3: TKernel.Run<GemmCount3, GemmAStepMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
                case 2: TKernel.Run<GemmCount2, GemmAStepMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
                default: TKernel.Run<GemmCount1, GemmAStepMajor>(kc, a, aStride, b, c, ldc, cols, alpha, beta, mode, tile, prefetch, prefetchSteps); break;
            }
        }
    }

    /// <summary>
    /// Whether the 6-row kernels read A in place rather than packing it: the same rule as the AVX-512
    /// kernel's (measured: packing A costs the products with m ≤ 64 more than it saves, and reading Aᵀ
    /// in place loses 5–25 % on the weight-gradient products once more than two panels reuse it).
    /// </summary>
    internal static bool NarrowAInPlace(in GemmArgs g, int nc) => g.TransA ? nc <= 2 * NR : g.M <= 64;

    /// <summary>
    /// Whether full tiles read A in place (AVX-512 kernel only). Packing costs about as much per
    /// float of A as ⌈nc/32⌉ micro-kernel steps save; in place, Aᵀ's steps are lda apart
    /// (one cache line each), which only pays while few panels reuse the block.
    /// </summary>
    private static bool ReadAInPlace(in GemmArgs g, int nc) =>
        g.Isa == GemmIsa.Avx512 && (g.TransA ? nc <= 2 * NR : g.M <= 64);
}
