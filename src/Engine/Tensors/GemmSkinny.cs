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

    private static void Run<TN>(in GemmArgs g, int rowStart, int rowEnd) where TN : struct, IGemmCount
    {
        var i = rowStart;
        switch (g.Isa)
        {
            case GemmIsa.Avx512:
                i = Rows<Vector512<float>, Vector512Ops, TN>(g, i, rowEnd);
                break;
            case GemmIsa.Avx2:
                i = Rows<Vector256<float>, Vector256Ops, TN>(g, i, rowEnd);
                break;
            case GemmIsa.Vector128:
                i = Rows<Vector128<float>, Vector128Ops, TN>(g, i, rowEnd);
                break;
        }
        Rows<float, ScalarOps, TN>(g, i, rowEnd);
    }

    /// <summary>Whole vectors of rows from <paramref name="i"/>; returns where they stop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Rows<TVec, TOps, TN>(in GemmArgs g, int i, int rowEnd)
        where TVec : struct where TOps : ISimdOps<TVec> where TN : struct, IGemmCount
    {
        var k = g.K;
        var kcBlock = GemmDriver.KBlock(k);
        var firstMode = g.Beta == 0f ? GemmEpilogue.Overwrite : g.Beta == 1f ? GemmEpilogue.Accumulate : GemmEpilogue.Scale;
        // op(B)(p, j): B stored k×n (row p holds the n values) or n×k.
        var bStep = g.TransB ? 1 : g.Ldb;
        var bColumn = g.TransB ? g.Ldb : 1;
        var lanes = Unsafe.SizeOf<TVec>() / sizeof(float);
        var acc = stackalloc float[lanes * MaxColumns];
        for (; i + lanes <= rowEnd; i += lanes)
        {
            for (var pc = 0; pc < k; pc += kcBlock)
            {
                var kc = Math.Min(kcBlock, k - pc);
                TVec c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
                var a = g.A + (nint)pc * g.Lda + i;
                var b = g.B + (nint)pc * bStep;
                for (var p = 0; p < kc; p++)
                {
                    var x = TOps.Load(ref *a);
                    c0 = TOps.MultiplyAdd(x, TOps.Broadcast(b[0]), c0);
                    if (TN.Value > 1) c1 = TOps.MultiplyAdd(x, TOps.Broadcast(b[bColumn]), c1);
                    if (TN.Value > 2) c2 = TOps.MultiplyAdd(x, TOps.Broadcast(b[2 * bColumn]), c2);
                    if (TN.Value > 3) c3 = TOps.MultiplyAdd(x, TOps.Broadcast(b[3 * bColumn]), c3);
                    if (TN.Value > 4) c4 = TOps.MultiplyAdd(x, TOps.Broadcast(b[4 * bColumn]), c4);
                    if (TN.Value > 5) c5 = TOps.MultiplyAdd(x, TOps.Broadcast(b[5 * bColumn]), c5);
                    if (TN.Value > 6) c6 = TOps.MultiplyAdd(x, TOps.Broadcast(b[6 * bColumn]), c6);
                    if (TN.Value > 7) c7 = TOps.MultiplyAdd(x, TOps.Broadcast(b[7 * bColumn]), c7);
                    a += g.Lda;
                    b += bStep;
                }
                // C's rows i … i+lanes−1 of column j are lda… ldc apart: through a buffer, lane by lane.
                TOps.Store(c0, ref acc[0]);
                if (TN.Value > 1) TOps.Store(c1, ref acc[lanes]);
                if (TN.Value > 2) TOps.Store(c2, ref acc[2 * lanes]);
                if (TN.Value > 3) TOps.Store(c3, ref acc[3 * lanes]);
                if (TN.Value > 4) TOps.Store(c4, ref acc[4 * lanes]);
                if (TN.Value > 5) TOps.Store(c5, ref acc[5 * lanes]);
                if (TN.Value > 6) TOps.Store(c6, ref acc[6 * lanes]);
                if (TN.Value > 7) TOps.Store(c7, ref acc[7 * lanes]);
                var mode = pc == 0 ? firstMode : GemmEpilogue.Accumulate;
                for (var l = 0; l < lanes; l++)
                {
                    var c = g.C + (nint)(i + l) * g.Ldc;
                    for (var j = 0; j < TN.Value; j++) c[j] = Epilogue(acc[j * lanes + l], c[j], g.Alpha, g.Beta, mode);
                }
            }
        }
        return i;
    }

    /// <summary>The tiles' epilogue (<see cref="GemmTile.Store"/>) for one element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Epilogue(float acc, float c, float alpha, float beta, GemmEpilogue mode) => mode switch
    {
        GemmEpilogue.Overwrite => alpha * acc,
        GemmEpilogue.Accumulate => MathF.FusedMultiplyAdd(alpha, acc, c),
        _ => MathF.FusedMultiplyAdd(alpha, acc, beta * c),
    };
}
