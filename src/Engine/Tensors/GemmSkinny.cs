using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors.Simd;

namespace Tuner.Engine.Tensors;

/// <summary>
/// Products with a handful of output columns and A stored transposed, C[m×n] = α·Aᵀ·op(B) + β·C with
/// n ≤ <see cref="MaxColumns"/> — a layer's input-weight gradient dW_ih = dGᵀ·X with D input features.
/// A register tile of 32 columns would compute n useful ones (D = 1: 1 in 32); here vectors run down
/// the rows of C instead, one load of Aᵀ (contiguous) and n broadcasts of B per step.
/// </summary>
/// <remarks>
/// Each element gets the operations the tiled kernels give it — acc = fma(A(i, p), B(p, j), acc) for p in
/// order within the same K blocks (<see cref="GemmDriver.KBlock"/>), then the same epilogue per block —
/// so the results are bit-identical to theirs, for any team size or partition of the rows.
/// </remarks>
internal static unsafe class GemmSkinny
{
    /// <summary>Most columns of C this path takes.</summary>
    public const int MaxColumns = 8;

    /// <summary>
    /// Whether a product goes this way: A stored transposed (each step p is a contiguous run of C's rows),
    /// B not prepacked, and n small enough to beat a register tile: ≤ 8 columns of a 32- or 16-column
    /// tile; ≤ 4 for Vector128, whose 8-column tile is already full at 8.
    /// </summary>
    public static bool Takes(in GemmArgs g) =>
        g.TransA && g.PackedB == null && g.N <= (g.Isa == GemmIsa.Vector128 ? 4 : MaxColumns);

    /// <summary>Rows [rowStart, rowEnd) × every column of C.</summary>
    public static void Run(in GemmArgs g, int rowStart, int rowEnd)
    {
        switch (g.N)
        {
            case 1: Run<GemmCount1>(g, rowStart, rowEnd); break;
            case 2: Run<GemmCount2>(g, rowStart, rowEnd); break;
            case 3: Run<GemmCount3>(g, rowStart, rowEnd); break;
            case 4: Run<GemmCount4>(g, rowStart, rowEnd); break;
            case 5: Run<GemmCount5>(g, rowStart, rowEnd); break;
            case 6: Run<GemmCount6>(g, rowStart, rowEnd); break;
            case 7: Run<GemmCount7>(g, rowStart, rowEnd); break;
            default: Run<GemmCount8>(g, rowStart, rowEnd); break;
        }
    }

    /// <summary>Row vectors per block for n columns: 8 independent accumulators where n allows, so the
    /// fused multiply-adds' latency hides behind each other (one column alone would wait 4 cycles per step).</summary>
    private static void Run<TN>(in GemmArgs g, int rowStart, int rowEnd) where TN : struct, IGemmCount
    {
        switch (TN.Value)
        {
            case 1: Run<TN, GemmCount8>(g, rowStart, rowEnd); break;
            case 2: Run<TN, GemmCount4>(g, rowStart, rowEnd); break;
            case 3 or 4: Run<TN, GemmCount2>(g, rowStart, rowEnd); break;
            default: Run<TN, GemmCount1>(g, rowStart, rowEnd); break;
        }
    }

    private static void Run<TN, TR>(in GemmArgs g, int rowStart, int rowEnd)
        where TN : struct, IGemmCount where TR : struct, IGemmCount
    {
        var i = rowStart;
        switch (g.Isa)
        {
            case GemmIsa.Avx512:
                i = Rows<Vector512<float>, Vector512Ops, TN, TR>(g, i, rowEnd);
                i = Rows<Vector512<float>, Vector512Ops, TN, GemmCount1>(g, i, rowEnd);
                break;
            case GemmIsa.Avx2:
                i = Rows<Vector256<float>, Vector256Ops, TN, TR>(g, i, rowEnd);
                i = Rows<Vector256<float>, Vector256Ops, TN, GemmCount1>(g, i, rowEnd);
                break;
            case GemmIsa.Vector128:
                i = Rows<Vector128<float>, Vector128Ops, TN, TR>(g, i, rowEnd);
                i = Rows<Vector128<float>, Vector128Ops, TN, GemmCount1>(g, i, rowEnd);
                break;
        }
        Rows<float, ScalarOps, TN, GemmCount1>(g, i, rowEnd);
    }

    /// <summary>
    /// Blocks of <c>TR</c> vectors of rows from <paramref name="i"/>, <c>TN</c> columns each; returns where
    /// they stop. Accumulator k holds row vector k / n, column k % n (at most 8 of them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Rows<TVec, TOps, TN, TR>(in GemmArgs g, int i, int rowEnd)
        where TVec : struct where TOps : ISimdOps<TVec> where TN : struct, IGemmCount where TR : struct, IGemmCount
    {
        var k = g.K;
        var kcBlock = GemmDriver.KBlock(k);
        var firstMode = g.Beta == 0f ? GemmEpilogue.Overwrite : g.Beta == 1f ? GemmEpilogue.Accumulate : GemmEpilogue.Scale;
        // op(B)(p, j): B stored k×n (row p holds the n values) or n×k.
        var bStep = g.TransB ? 1 : g.Ldb;
        var bColumn = g.TransB ? g.Ldb : 1;
        var lanes = Unsafe.SizeOf<TVec>() / sizeof(float);
        var block = lanes * TR.Value;
        var acc = stackalloc float[lanes * MaxColumns];
        for (; i + block <= rowEnd; i += block)
        {
            for (var pc = 0; pc < k; pc += kcBlock)
            {
                var kc = Math.Min(kcBlock, k - pc);
                TVec c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
                var a = g.A + (nint)pc * g.Lda + i;
                var b = g.B + (nint)pc * bStep;
                for (var p = 0; p < kc; p++)
                {
                    TVec x0 = TOps.Load(ref a[0]), x1 = default, x2 = default, x3 = default, x4 = default, x5 = default, x6 = default, x7 = default;
                    if (TR.Value > 1) x1 = TOps.Load(ref a[lanes]);
                    if (TR.Value > 2) { x2 = TOps.Load(ref a[2 * lanes]); x3 = TOps.Load(ref a[3 * lanes]); }
                    if (TR.Value > 4)
                    {
                        x4 = TOps.Load(ref a[4 * lanes]); x5 = TOps.Load(ref a[5 * lanes]);
                        x6 = TOps.Load(ref a[6 * lanes]); x7 = TOps.Load(ref a[7 * lanes]);
                    }
                    TVec b0 = TOps.Broadcast(b[0]), b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
                    if (TN.Value > 1) b1 = TOps.Broadcast(b[bColumn]);
                    if (TN.Value > 2) b2 = TOps.Broadcast(b[2 * bColumn]);
                    if (TN.Value > 3) b3 = TOps.Broadcast(b[3 * bColumn]);
                    if (TN.Value > 4) b4 = TOps.Broadcast(b[4 * bColumn]);
                    if (TN.Value > 5) b5 = TOps.Broadcast(b[5 * bColumn]);
                    if (TN.Value > 6) b6 = TOps.Broadcast(b[6 * bColumn]);
                    if (TN.Value > 7) b7 = TOps.Broadcast(b[7 * bColumn]);
                    c0 = TOps.MultiplyAdd(X(0, x0, x1, x2, x3, x4, x5, x6, x7), B(0, b0, b1, b2, b3, b4, b5, b6, b7), c0);
                    if (TN.Value * TR.Value > 1) c1 = TOps.MultiplyAdd(X(1 / TN.Value, x0, x1, x2, x3, x4, x5, x6, x7), B(1 % TN.Value, b0, b1, b2, b3, b4, b5, b6, b7), c1);
                    if (TN.Value * TR.Value > 2) c2 = TOps.MultiplyAdd(X(2 / TN.Value, x0, x1, x2, x3, x4, x5, x6, x7), B(2 % TN.Value, b0, b1, b2, b3, b4, b5, b6, b7), c2);
                    if (TN.Value * TR.Value > 3) c3 = TOps.MultiplyAdd(X(3 / TN.Value, x0, x1, x2, x3, x4, x5, x6, x7), B(3 % TN.Value, b0, b1, b2, b3, b4, b5, b6, b7), c3);
                    if (TN.Value * TR.Value > 4) c4 = TOps.MultiplyAdd(X(4 / TN.Value, x0, x1, x2, x3, x4, x5, x6, x7), B(4 % TN.Value, b0, b1, b2, b3, b4, b5, b6, b7), c4);
                    if (TN.Value * TR.Value > 5) c5 = TOps.MultiplyAdd(X(5 / TN.Value, x0, x1, x2, x3, x4, x5, x6, x7), B(5 % TN.Value, b0, b1, b2, b3, b4, b5, b6, b7), c5);
                    if (TN.Value * TR.Value > 6) c6 = TOps.MultiplyAdd(X(6 / TN.Value, x0, x1, x2, x3, x4, x5, x6, x7), B(6 % TN.Value, b0, b1, b2, b3, b4, b5, b6, b7), c6);
                    if (TN.Value * TR.Value > 7) c7 = TOps.MultiplyAdd(X(7 / TN.Value, x0, x1, x2, x3, x4, x5, x6, x7), B(7 % TN.Value, b0, b1, b2, b3, b4, b5, b6, b7), c7);
                    a += g.Lda;
                    b += bStep;
                }
                // C's rows are ldc apart: through a buffer, element by element, with the tiles' epilogue.
                var mode = pc == 0 ? firstMode : GemmEpilogue.Accumulate;
                for (var r = 0; r < TR.Value; r++)
                {
                    var first = r * TN.Value;
                    TOps.Store(Pick(first, c0, c1, c2, c3, c4, c5, c6, c7), ref acc[0]);
                    if (TN.Value > 1) TOps.Store(Pick(first + 1, c0, c1, c2, c3, c4, c5, c6, c7), ref acc[lanes]);
                    if (TN.Value > 2) TOps.Store(Pick(first + 2, c0, c1, c2, c3, c4, c5, c6, c7), ref acc[2 * lanes]);
                    if (TN.Value > 3) TOps.Store(Pick(first + 3, c0, c1, c2, c3, c4, c5, c6, c7), ref acc[3 * lanes]);
                    if (TN.Value > 4) TOps.Store(Pick(first + 4, c0, c1, c2, c3, c4, c5, c6, c7), ref acc[4 * lanes]);
                    if (TN.Value > 5) TOps.Store(Pick(first + 5, c0, c1, c2, c3, c4, c5, c6, c7), ref acc[5 * lanes]);
                    if (TN.Value > 6) TOps.Store(Pick(first + 6, c0, c1, c2, c3, c4, c5, c6, c7), ref acc[6 * lanes]);
                    if (TN.Value > 7) TOps.Store(Pick(first + 7, c0, c1, c2, c3, c4, c5, c6, c7), ref acc[7 * lanes]);
                    for (var l = 0; l < lanes; l++)
                    {
                        var c = g.C + (nint)(i + r * lanes + l) * g.Ldc;
                        for (var j = 0; j < TN.Value; j++) c[j] = Epilogue(acc[j * lanes + l], c[j], g.Alpha, g.Beta, mode);
                    }
                }
            }
        }
        return i;
    }

    /// <summary>Row vector <paramref name="r"/> (a constant once inlined, so this folds away).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec X<TVec>(int r, TVec x0, TVec x1, TVec x2, TVec x3, TVec x4, TVec x5, TVec x6, TVec x7) => r switch
    {
        0 => x0, 1 => x1, 2 => x2, 3 => x3, 4 => x4, 5 => x5, 6 => x6, _ => x7,
    };

    /// <summary>Column <paramref name="j"/>'s broadcast (a constant once inlined).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec B<TVec>(int j, TVec b0, TVec b1, TVec b2, TVec b3, TVec b4, TVec b5, TVec b6, TVec b7) => j switch
    {
        0 => b0, 1 => b1, 2 => b2, 3 => b3, 4 => b4, 5 => b5, 6 => b6, _ => b7,
    };

    /// <summary>Accumulator <paramref name="k"/>; the epilogue's loop over r is short and runs once per block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Pick<TVec>(int k, TVec c0, TVec c1, TVec c2, TVec c3, TVec c4, TVec c5, TVec c6, TVec c7) => k switch
    {
        0 => c0, 1 => c1, 2 => c2, 3 => c3, 4 => c4, 5 => c5, 6 => c6, _ => c7,
    };

    /// <summary>The tiles' epilogue (<see cref="GemmTile.Store"/>) for one element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Epilogue(float acc, float c, float alpha, float beta, GemmEpilogue mode) => mode switch
    {
        GemmEpilogue.Overwrite => alpha * acc,
        GemmEpilogue.Accumulate => MathF.FusedMultiplyAdd(alpha, acc, c),
        _ => MathF.FusedMultiplyAdd(alpha, acc, beta * c),
    };
}
