using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tuner.Coordinator.Search.Numerics;

/// <summary>Σ a_k·b_k in one fixed order of additions on every instruction set, so a search replayed on another machine
/// proposes the same configuration bit for bit: eight partial sums (k mod 8), combined as
/// ((s0+s4)+(s1+s5)) + ((s2+s6)+(s3+s7)), then the tail (k ≥ 8·⌊n/8⌋) added one by one. The vector paths hold the
/// same eight sums in lanes (two Vector256 or four Vector128 accumulators); products and sums are never fused, which
/// would round differently from the scalar path.</summary>
/// <remarks>This and the Gaussian process's other inner loops are <c>AggressiveOptimization</c>: they run hot from their
/// first calls (a whole simulated search takes about a second), where tiered compilation's unoptimized first versions
/// would cost more than they save.</remarks>
internal static class OrderedDot
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (Vector256.IsHardwareAccelerated) return Vector256Path(a, b);
        if (Vector128.IsHardwareAccelerated) return Vector128Path(a, b);
        return Scalar(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Scalar(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        var n = Math.Min(a.Length, b.Length);
        var k = 0;
        for (; k + 8 <= n; k += 8)
        {
            s0 += a[k] * b[k];
            s1 += a[k + 1] * b[k + 1];
            s2 += a[k + 2] * b[k + 2];
            s3 += a[k + 3] * b[k + 3];
            s4 += a[k + 4] * b[k + 4];
            s5 += a[k + 5] * b[k + 5];
            s6 += a[k + 6] * b[k + 6];
            s7 += a[k + 7] * b[k + 7];
        }
        return Combine(s0 + s4, s1 + s5, s2 + s6, s3 + s7, a, b, k, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Vector256Path(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = Math.Min(a.Length, b.Length);
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        var low = Vector256<double>.Zero;  // s0..s3
        var high = Vector256<double>.Zero; // s4..s7
        var k = 0;
        for (; k + 8 <= n; k += 8)
        {
            low += Vector256.LoadUnsafe(ref pa, (nuint)k) * Vector256.LoadUnsafe(ref pb, (nuint)k);
            high += Vector256.LoadUnsafe(ref pa, (nuint)(k + 4)) * Vector256.LoadUnsafe(ref pb, (nuint)(k + 4));
        }
        var pairs = low + high;
        return Combine(pairs[0], pairs[1], pairs[2], pairs[3], a, b, k, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Vector128Path(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = Math.Min(a.Length, b.Length);
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        Vector128<double> s01 = default, s23 = default, s45 = default, s67 = default;
        var k = 0;
        for (; k + 8 <= n; k += 8)
        {
            s01 += Vector128.LoadUnsafe(ref pa, (nuint)k) * Vector128.LoadUnsafe(ref pb, (nuint)k);
            s23 += Vector128.LoadUnsafe(ref pa, (nuint)(k + 2)) * Vector128.LoadUnsafe(ref pb, (nuint)(k + 2));
            s45 += Vector128.LoadUnsafe(ref pa, (nuint)(k + 4)) * Vector128.LoadUnsafe(ref pb, (nuint)(k + 4));
            s67 += Vector128.LoadUnsafe(ref pa, (nuint)(k + 6)) * Vector128.LoadUnsafe(ref pb, (nuint)(k + 6));
        }
        var p01 = s01 + s45;
        var p23 = s23 + s67;
        return Combine(p01[0], p01[1], p23[0], p23[1], a, b, k, n);
    }

    /// <summary>((p0+p1)+(p2+p3)) and then the tail from <paramref name="k"/>, one product at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Combine(double p0, double p1, double p2, double p3, ReadOnlySpan<double> a, ReadOnlySpan<double> b, int k, int n)
    {
        var sum = (p0 + p1) + (p2 + p3);
        for (; k < n; k++) sum += a[k] * b[k];
        return sum;
    }
}
