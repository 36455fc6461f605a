using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tuner.Engine.Tensors;

/// <summary>
/// Copies blocks of the operands into the layouts the micro-kernels stream:
/// A as panels of <see cref="GemmTile.MR"/> rows, element (r, p) of a panel at p·MR + r;
/// B as panels of <see cref="GemmTile.NR"/> columns, element (p, j) of a panel at p·NR + j.
/// Rows and columns past the edge of the matrix are zero.
/// </summary>
internal static unsafe class GemmPack
{
    private const int MR = GemmTile.MR;
    private const int NR = GemmTile.NR;

    /// <summary>
    /// Packs op(A)[i0 … i0+mc) × [p0 … p0+kc) into ⌈mc/MR⌉ panels of kc·MR floats at <paramref name="dst"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(bool transA, float* a, nint lda, int i0, int mc, int p0, int kc, float* dst)
    {
        var start = 0;
        if (transA && Vector256.IsHardwareAccelerated)
        {
            // op(A)(i, p) = a[p·lda + i]: walk the stored rows p in order (one contiguous run of mc
            // floats each, friendly to the prefetchers and the TLB) and deal 8 floats to each panel.
            start = mc & ~(MR - 1);
            var panelStride = (nint)kc * MR;
            for (var p = 0; p < kc; p++)
            {
                var s = a + (nint)(p0 + p) * lda + i0;
                var d = dst + p * MR;
                for (var ir = 0; ir < start; ir += MR) Vector256.Load(s + ir).Store(d + (ir / MR) * panelStride);
            }
        }
        for (var ir = start; ir < mc; ir += MR)
        {
            var rows = Math.Min(MR, mc - ir);
            var panel = dst + (nint)(ir / MR) * kc * MR;
            if (transA)
            {
                // op(A)(i, p) = a[p·lda + i]: each step p is a contiguous run of rows. With Vector256
                // only the last, partial panel gets here (the loop above packed the full ones).
                var src = a + (nint)p0 * lda + i0 + ir;
                for (var p = 0; p < kc; p++)
                {
                    var s = src + p * lda;
                    var d = panel + p * MR;
                    var r = 0;
                    for (; r < rows; r++) d[r] = s[r];
                    for (; r < MR; r++) d[r] = 0f;
                }
            }
            else
            {
                // op(A)(i, p) = a[i·lda + p]: rows are contiguous, the panel wants them interleaved.
                var src = a + (nint)(i0 + ir) * lda + p0;
                var p = 0;
                if (rows == MR && Avx.IsSupported)
                {
                    for (; p + 8 <= kc; p += 8) Transpose8x8(src + p, lda, panel + p * MR, MR);
                }
                for (; p < kc; p++)
                {
                    var d = panel + p * MR;
                    var r = 0;
                    for (; r < rows; r++) d[r] = src[r * lda + p];
                    for (; r < MR; r++) d[r] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Packs op(A)[i0 … i0+rows) × [p0 … p0+kc) as one dense panel at <paramref name="dst"/>:
    /// element (r, p) at p·rows + r (the 6-row kernels' tiles, rows ≤ 6).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackAPanel(bool transA, float* a, nint lda, int i0, int rows, int p0, int kc, float* dst)
    {
        if (transA)
        {
            // op(A)(i, p) = a[p·lda + i]: each step is a contiguous run of the tile's rows.
            var src = a + (nint)p0 * lda + i0;
            var vector = rows >= 4 && Vector128.IsHardwareAccelerated;
            for (var p = 0; p < kc; p++)
            {
                var s = src + p * lda;
                var d = dst + p * rows;
                var r = 0;
                if (vector)
                {
                    Vector128.Load(s).Store(d);
                    r = 4;
                }
                for (; r < rows; r++) d[r] = s[r];
            }
        }
        else
        {
            // op(A)(i, p) = a[i·lda + p]: rows are contiguous, the panel wants them interleaved.
            var src = a + (nint)i0 * lda + p0;
            for (var r = 0; r < rows; r++)
            {
                var s = src + r * lda;
                var d = dst + r;
                for (var p = 0; p < kc; p++) d[p * rows] = s[p];
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0 … p0+kc) × [j0 … j0+nc) into ⌈nc/NR⌉ panels at <paramref name="dst"/>,
    /// panel q at dst + q·panelStride (panelStride ≥ kc·NR).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(bool transB, float* b, nint ldb, int p0, int kc, int j0, int nc, float* dst, nint panelStride)
    {
        for (var jr = 0; jr < nc; jr += NR)
        {
            var cols = Math.Min(NR, nc - jr);
            var panel = dst + (nint)(jr / NR) * panelStride;
            if (!transB)
            {
                // op(B)(p, j) = b[p·ldb + j]: each step p is a contiguous run of columns.
                var src = b + (nint)p0 * ldb + j0 + jr;
                if (cols == NR && Vector256.IsHardwareAccelerated)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        var s = src + p * ldb;
                        var d = panel + p * NR;
                        Vector256.Load(s).Store(d);
                        Vector256.Load(s + 8).Store(d + 8);
                        Vector256.Load(s + 16).Store(d + 16);
                        Vector256.Load(s + 24).Store(d + 24);
                    }
                }
                else
                {
                    for (var p = 0; p < kc; p++)
                    {
                        var s = src + p * ldb;
                        var d = panel + p * NR;
                        var j = 0;
                        for (; j < cols; j++) d[j] = s[j];
                        for (; j < NR; j++) d[j] = 0f;
                    }
                }
            }
            else
            {
                // op(B)(p, j) = b[j·ldb + p]: transpose 8×8 blocks of stored rows into the panel.
                var src = b + (nint)(j0 + jr) * ldb + p0;
                var jFull = Avx.IsSupported ? cols & ~7 : 0;
                var p = 0;
                for (; p + 8 <= kc; p += 8)
                {
                    for (var j = 0; j < jFull; j += 8) Transpose8x8(src + j * ldb + p, ldb, panel + p * NR + j, NR);
                }
                for (var j = 0; j < jFull; j++)
                {
                    var s = src + j * ldb;
                    for (var q = p; q < kc; q++) panel[q * NR + j] = s[q];
                }
                for (var j = jFull; j < cols; j++)
                {
                    var s = src + j * ldb;
                    for (var q = 0; q < kc; q++) panel[q * NR + j] = s[q];
                }
                if (cols < NR)
                {
                    for (var q = 0; q < kc; q++) new Span<float>(panel + q * NR + cols, NR - cols).Clear();
                }
            }
        }
    }

    /// <summary>dst[t·dstStride + r] = src[r·srcStride + t] for r, t in [0, 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride);
        var r7 = Avx.LoadVector256(src + 7 * srcStride);

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
