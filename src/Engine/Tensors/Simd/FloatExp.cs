using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tuner.Engine.Tensors.Simd;

/// <summary>e^x on float lanes in float arithmetic, as Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2 (ln2 in
/// two parts, so r keeps its low bits), e^r = 1 + r + r²·P(r) with a degree-5 minimax P, and 2ⁿ put into
/// the exponent bits. Within 2 ulp of e^x from −87.3 to 88.37; +∞ above 88.37 (e^x within a factor 1.4
/// of float.MaxValue), 0 below −87.34 (subnormal results), NaN for NaN.</summary>
/// <remarks>The gates call it several times per unit and step. <c>Vector512.Exp</c> / <c>Vector256.Exp</c>
/// widen to double for correct rounding, which took 8-12 % of a text-model training step.</remarks>
internal static class FloatExp
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float Highest = 88.3762626647949f;   // 127.5·ln 2: n ≤ 127, so 2ⁿ is finite
    private const float Lowest = -87.3365447505531f;   // ln(2⁻¹²⁶), the smallest normal float
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f, P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(Lowest)), Vector512.Create(Highest));
        var n = Vector512.Round(clamped * Vector512.Create(Log2E));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2High), clamped);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        var y = Vector512.FusedMultiplyAdd(p * r, r, r) + Vector512<float>.One;
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
        y *= scale;
        y = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(Highest)), Vector512.Create(float.PositiveInfinity), y);
        y = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(Lowest)), Vector512<float>.Zero, y);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(Lowest)), Vector256.Create(Highest));
        var n = Vector256.Round(clamped * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), clamped);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        var y = Vector256.FusedMultiplyAdd(p * r, r, r) + Vector256<float>.One;
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        y *= scale;
        y = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(Highest)), Vector256.Create(float.PositiveInfinity), y);
        y = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(Lowest)), Vector256<float>.Zero, y);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
    }
}
