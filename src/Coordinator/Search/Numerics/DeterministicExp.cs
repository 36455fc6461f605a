using System.Runtime.CompilerServices;
using Tuner.Coordinator.Search.Numerics.Lanes;

namespace Tuner.Coordinator.Search.Numerics;

/// <summary>e^x with the same bits on every instruction set and machine, for x in [−708, 708] (clamped there): the
/// Gaussian process's kernels need millions of exponentials, vectorized, and a proposal must not depend on the machine
/// that computes it — which the C library's exp, picked by CPU features, does not promise.</summary>
/// <remarks>e^x = 2^k·e^r with k = round(x·log₂e) and r = x − k·ln 2 (ln 2 in two parts, so k·ln2Hi is exact), e^r by its
/// Taylor polynomial of degree 13 (|r| ≤ 0.35: truncation below 1e-17) in Horner's order, 2^k built in the exponent bits.
/// Every path performs the same IEEE operations in the same order, unfused. Within 2 ulp of the true value.</remarks>
internal static class DeterministicExp
{
    public const double Lowest = -708, Highest = 708;

    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 6.93147180369123816490e-01; // 32 significant bits
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Shifter = 6755399441055744.0;       // 1.5·2^52: x + Shifter rounds x to an integer kept in the low bits
    private const long ShifterBits = 0x4338000000000000;

    // 1/j! for j = 13 … 2.
    private const double C13 = 1.0 / 6227020800, C12 = 1.0 / 479001600, C11 = 1.0 / 39916800, C10 = 1.0 / 3628800;
    private const double C9 = 1.0 / 362880, C8 = 1.0 / 40320, C7 = 1.0 / 5040, C6 = 1.0 / 720, C5 = 1.0 / 120, C4 = 1.0 / 24;
    private const double C3 = 1.0 / 6, C2 = 0.5;

    public static double Exp(double x) => Exp<double, ScalarLanes>(x);

    /// <summary>e^x on every lane of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp<TVec, TLanes>(TVec x) where TVec : struct where TLanes : IDoubleLanes<TVec>
    {
        x = TLanes.Min(TLanes.Max(x, TLanes.Broadcast(Lowest)), TLanes.Broadcast(Highest));
        var t = TLanes.Add(TLanes.Multiply(x, TLanes.Broadcast(Log2E)), TLanes.Broadcast(Shifter));
        var k = TLanes.Subtract(t, TLanes.Broadcast(Shifter));
        var r = TLanes.Subtract(TLanes.Subtract(x, TLanes.Multiply(k, TLanes.Broadcast(Ln2Hi))), TLanes.Multiply(k, TLanes.Broadcast(Ln2Lo)));
        var p = TLanes.Broadcast(C13);
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C12));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C11));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C10));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C9));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C8));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C7));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C6));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C5));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C4));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C3));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(C2));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(1));
        p = TLanes.Add(TLanes.Multiply(p, r), TLanes.Broadcast(1));
        return TLanes.Multiply(p, TLanes.ShiftedBitsDifference(t, ShifterBits - 1023, 52));
    }
}
