using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tuner.Coordinator.Search.Numerics.Lanes;

namespace Tuner.Coordinator.Search.Numerics;

/// <summary>Element-wise updates whose every element gets the same operations in the same order whatever the vector width
/// (Vector256, Vector128 or scalar): products and differences are never fused, and nothing is summed across elements,
/// so the bits are the same on every instruction set (see <see cref="OrderedDot"/> for sums across elements). Each is
/// written once, generic over <see cref="IDoubleLanes{TVec}"/>; the public entry runs the widest accelerated lanes and
/// the scalar lanes on the tail.</summary>
internal static class LaneWise
{
    /// <summary>The columns <see cref="SubtractCombination"/> updates at once.</summary>
    public const int BlockWidth = 16;

    /// <summary>y_k ← y_k − s·x_k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractScaled(Span<double> y, double s, ReadOnlySpan<double> x)
    {
        var k = 0;
        if (Vector256.IsHardwareAccelerated) k = SubtractScaled<Vector256<double>, Vector256Lanes>(y, s, x, k);
        else if (Vector128.IsHardwareAccelerated) k = SubtractScaled<Vector128<double>, Vector128Lanes>(y, s, x, k);
        SubtractScaled<double, ScalarLanes>(y, s, x, k);
    }

    /// <summary>y_k ← (y_k − s·x_k) − t·z_k: two <see cref="SubtractScaled"/> in one pass, with the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractScaledPair(Span<double> y, double s, ReadOnlySpan<double> x, double t, ReadOnlySpan<double> z)
    {
        var k = 0;
        if (Vector256.IsHardwareAccelerated) k = SubtractScaledPair<Vector256<double>, Vector256Lanes>(y, s, x, t, z, k);
        else if (Vector128.IsHardwareAccelerated) k = SubtractScaledPair<Vector128<double>, Vector128Lanes>(y, s, x, t, z, k);
        SubtractScaledPair<double, ScalarLanes>(y, s, x, t, z, k);
    }

    /// <summary>t_k ← t_k + (x − x_k)²·s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaledSquaredDifferences(Span<double> target, double x, ReadOnlySpan<double> xs, double s)
    {
        var k = 0;
        if (Vector256.IsHardwareAccelerated) k = AddScaledSquaredDifferences<Vector256<double>, Vector256Lanes>(target, x, xs, s, k);
        else if (Vector128.IsHardwareAccelerated) k = AddScaledSquaredDifferences<Vector128<double>, Vector128Lanes>(target, x, xs, s, k);
        AddScaledSquaredDifferences<double, ScalarLanes>(target, x, xs, s, k);
    }

    /// <summary>t_k ← t_k + x_k·s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(Span<double> target, ReadOnlySpan<double> x, double s)
    {
        var k = 0;
        if (Vector256.IsHardwareAccelerated) k = AddScaled<Vector256<double>, Vector256Lanes>(target, x, s, k);
        else if (Vector128.IsHardwareAccelerated) k = AddScaled<Vector128<double>, Vector128Lanes>(target, x, s, k);
        AddScaled<double, ScalarLanes>(target, x, s, k);
    }

    /// <summary>t_k ← (x − x_k)·s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaledDifferences(Span<double> target, double x, ReadOnlySpan<double> xs, double s)
    {
        var k = 0;
        if (Vector256.IsHardwareAccelerated) k = ScaledDifferences<Vector256<double>, Vector256Lanes>(target, x, xs, s, k);
        else if (Vector128.IsHardwareAccelerated) k = ScaledDifferences<Vector128<double>, Vector128Lanes>(target, x, xs, s, k);
        ScaledDifferences<double, ScalarLanes>(target, x, xs, s, k);
    }

    /// <summary>t_k ← (x − x_k)².</summary>
    public static void SquaredDifferences(Span<double> target, double x, ReadOnlySpan<double> xs)
    {
        target.Clear();
        AddScaledSquaredDifferences(target, x, xs, 1); // 0 + d²·1 is d², exactly
    }

    /// <summary>t_k ← a_k·b_k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Products(Span<double> target, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var k = 0;
        if (Vector256.IsHardwareAccelerated) k = Products<Vector256<double>, Vector256Lanes>(target, a, b, k);
        else if (Vector128.IsHardwareAccelerated) k = Products<Vector128<double>, Vector128Lanes>(target, a, b, k);
        Products<double, ScalarLanes>(target, a, b, k);
    }

    /// <summary>t_c ← (t_c − Σ_j a_j·rows[j·w + c]) / divisor for the <see cref="BlockWidth"/> = w columns of
    /// <paramref name="target"/>, subtracting in the order j = 0, 1, …: row i of a triangular solve with w right-hand sides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractCombination(Span<double> target, ReadOnlySpan<double> coefficients, ReadOnlySpan<double> rows, double divisor)
    {
        if (Vector256.IsHardwareAccelerated) SubtractCombination<Vector256<double>, Vector256Lanes>(target, coefficients, rows, divisor);
        else if (Vector128.IsHardwareAccelerated) SubtractCombination<Vector128<double>, Vector128Lanes>(target, coefficients, rows, divisor);
        else SubtractCombination<double, ScalarLanes>(target, coefficients, rows, divisor);
    }

    /// <summary><see cref="SubtractCombination"/> on the given lanes: four accumulators of <c>TLanes.Count</c> columns at a
    /// time (one pass over the coefficients for Vector256, two for Vector128, four for scalars).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SubtractCombination<TVec, TLanes>(Span<double> target, ReadOnlySpan<double> coefficients, ReadOnlySpan<double> rows, double divisor)
        where TVec : struct where TLanes : IDoubleLanes<TVec>
    {
        const int w = BlockWidth;
        if (target.Length != w || rows.Length < coefficients.Length * w) throw new ArgumentException("a block is 16 columns wide");
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var r = ref MemoryMarshal.GetReference(rows);
        var n = (nuint)TLanes.Count;
        var d = TLanes.Broadcast(divisor);
        for (nuint c = 0; c < w; c += 4 * n)
        {
            var a0 = TLanes.Load(ref t, c);
            var a1 = TLanes.Load(ref t, c + n);
            var a2 = TLanes.Load(ref t, c + 2 * n);
            var a3 = TLanes.Load(ref t, c + 3 * n);
            for (var j = 0; j < coefficients.Length; j++)
            {
                var coefficient = TLanes.Broadcast(coefficients[j]);
                var at = (nuint)(j * w) + c;
                a0 = TLanes.Subtract(a0, TLanes.Multiply(coefficient, TLanes.Load(ref r, at)));
                a1 = TLanes.Subtract(a1, TLanes.Multiply(coefficient, TLanes.Load(ref r, at + n)));
                a2 = TLanes.Subtract(a2, TLanes.Multiply(coefficient, TLanes.Load(ref r, at + 2 * n)));
                a3 = TLanes.Subtract(a3, TLanes.Multiply(coefficient, TLanes.Load(ref r, at + 3 * n)));
            }
            TLanes.Store(TLanes.Divide(a0, d), ref t, c);
            TLanes.Store(TLanes.Divide(a1, d), ref t, c + n);
            TLanes.Store(TLanes.Divide(a2, d), ref t, c + 2 * n);
            TLanes.Store(TLanes.Divide(a3, d), ref t, c + 3 * n);
        }
    }

    // The element-wise bodies: from element k, whole vectors only; each returns where it stopped.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SubtractScaled<TVec, TLanes>(Span<double> y, double s, ReadOnlySpan<double> x, int k)
        where TVec : struct where TLanes : IDoubleLanes<TVec>
    {
        ref var py = ref MemoryMarshal.GetReference(y);
        ref var px = ref MemoryMarshal.GetReference(x);
        var scale = TLanes.Broadcast(s);
        for (; k + TLanes.Count <= y.Length; k += TLanes.Count)
            TLanes.Store(TLanes.Subtract(TLanes.Load(ref py, (nuint)k), TLanes.Multiply(scale, TLanes.Load(ref px, (nuint)k))), ref py, (nuint)k);
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SubtractScaledPair<TVec, TLanes>(Span<double> y, double s, ReadOnlySpan<double> x, double t, ReadOnlySpan<double> z, int k)
        where TVec : struct where TLanes : IDoubleLanes<TVec>
    {
        ref var py = ref MemoryMarshal.GetReference(y);
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var pz = ref MemoryMarshal.GetReference(z);
        var (vs, vt) = (TLanes.Broadcast(s), TLanes.Broadcast(t));
        for (; k + TLanes.Count <= y.Length; k += TLanes.Count)
        {
            var first = TLanes.Subtract(TLanes.Load(ref py, (nuint)k), TLanes.Multiply(vs, TLanes.Load(ref px, (nuint)k)));
            TLanes.Store(TLanes.Subtract(first, TLanes.Multiply(vt, TLanes.Load(ref pz, (nuint)k))), ref py, (nuint)k);
        }
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddScaledSquaredDifferences<TVec, TLanes>(Span<double> target, double x, ReadOnlySpan<double> xs, double s, int k)
        where TVec : struct where TLanes : IDoubleLanes<TVec>
    {
        ref var pt = ref MemoryMarshal.GetReference(target);
        ref var px = ref MemoryMarshal.GetReference(xs);
        var (from, scale) = (TLanes.Broadcast(x), TLanes.Broadcast(s));
        for (; k + TLanes.Count <= target.Length; k += TLanes.Count)
        {
            var difference = TLanes.Subtract(from, TLanes.Load(ref px, (nuint)k));
            TLanes.Store(TLanes.Add(TLanes.Load(ref pt, (nuint)k), TLanes.Multiply(TLanes.Multiply(difference, difference), scale)), ref pt, (nuint)k);
        }
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddScaled<TVec, TLanes>(Span<double> target, ReadOnlySpan<double> x, double s, int k)
        where TVec : struct where TLanes : IDoubleLanes<TVec>
    {
        ref var pt = ref MemoryMarshal.GetReference(target);
        ref var px = ref MemoryMarshal.GetReference(x);
        var scale = TLanes.Broadcast(s);
        for (; k + TLanes.Count <= target.Length; k += TLanes.Count)
            TLanes.Store(TLanes.Add(TLanes.Load(ref pt, (nuint)k), TLanes.Multiply(TLanes.Load(ref px, (nuint)k), scale)), ref pt, (nuint)k);
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScaledDifferences<TVec, TLanes>(Span<double> target, double x, ReadOnlySpan<double> xs, double s, int k)
        where TVec : struct where TLanes : IDoubleLanes<TVec>
    {
        ref var pt = ref MemoryMarshal.GetReference(target);
        ref var px = ref MemoryMarshal.GetReference(xs);
        var (from, scale) = (TLanes.Broadcast(x), TLanes.Broadcast(s));
        for (; k + TLanes.Count <= target.Length; k += TLanes.Count)
            TLanes.Store(TLanes.Multiply(TLanes.Subtract(from, TLanes.Load(ref px, (nuint)k)), scale), ref pt, (nuint)k);
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Products<TVec, TLanes>(Span<double> target, ReadOnlySpan<double> a, ReadOnlySpan<double> b, int k)
        where TVec : struct where TLanes : IDoubleLanes<TVec>
    {
        ref var pt = ref MemoryMarshal.GetReference(target);
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        for (; k + TLanes.Count <= target.Length; k += TLanes.Count)
            TLanes.Store(TLanes.Multiply(TLanes.Load(ref pa, (nuint)k), TLanes.Load(ref pb, (nuint)k)), ref pt, (nuint)k);
        return k;
    }
}
