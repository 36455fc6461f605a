using System.Runtime.CompilerServices;

namespace Tuner.Engine.Tensors.Simd;

/// <summary>
/// e^x in single precision from the vector ops alone (Cephes' expf): x = n·ln 2 + r with |r| ≤ ln 2 / 2,
/// e^r by a degree-6 polynomial, times 2^n built in the exponent bits. Within 2 ulp of e^x for
/// x ∈ [−87, 88]; 0 below −88, +∞ above 88.4 (where e^x nears float's largest), NaN stays NaN.
/// </summary>
/// <remarks>
/// The runtime's Vector512/256/128.Exp(float) computes in double precision (each vector widened to two,
/// then narrowed back): twice the work the gates need, where e^x feeds a sigmoid or tanh checked against
/// PyTorch to 1e-4. Every width — and the scalar tail — runs these same operations, so a lane's result
/// does not depend on which loop computed it (except on x86 without FMA, where the vector lanes multiply then add
/// and the scalar tail fuses: deterministic still, and that path's results are its own anyway).
/// </remarks>
internal static class Exponential
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;        // ln 2 split so that n·Ln2High is exact
    private const float Ln2Low = -2.12194440e-4f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Apply<TVec, TOps>(TVec x) where TVec : struct where TOps : ISimdOps<TVec>
    {
        // Beyond these, 2^n is 0 (n = −127) or +∞ (n = 128): the exponent field itself saturates. The
        // hardware's min/max (one instruction each; IEEE's cost four or five on AVX2) may turn a NaN into
        // a bound, so a NaN argument is put back at the end.
        var input = x;
        x = TOps.MinNative(TOps.MaxNative(x, TOps.Broadcast(-88.0f)), TOps.Broadcast(89.0f));
        var n = TOps.Round(TOps.Multiply(x, TOps.Broadcast(Log2E)));
        var r = TOps.MultiplyAdd(n, TOps.Broadcast(-Ln2High), x);
        r = TOps.MultiplyAdd(n, TOps.Broadcast(-Ln2Low), r);
        var p = TOps.MultiplyAdd(TOps.Broadcast(1.9875691500e-4f), r, TOps.Broadcast(1.3981999507e-3f));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(8.3334519073e-3f));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(4.1665795894e-2f));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.6666665459e-1f));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(5.0000001201e-1f));
        var er = TOps.MultiplyAdd(p, TOps.Multiply(r, r), TOps.Add(r, TOps.Broadcast(1f)));
        return TOps.Select(TOps.IsNaN(input), input, TOps.Multiply(er, TOps.PowerOfTwo(n)));
    }
}
