using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors.Simd;

namespace Tuner.Engine.Layers;

/// <summary>The GRU's fused element-wise math for one batch row, gate order r, z, n (PyTorch, =
/// Keras <c>reset_after=True</c>): <c>r,z = σ(x_· + h_· + b_h·)</c>, <c>n = act(x_n + r⊙(h_n + b_hn))</c>,
/// <c>h = (1−z)⊙n + z⊙h₋₁</c>, and its derivative. x_· already holds b_i·.</summary>
internal static class GruKernels
{
    /// <summary>Replaces <paramref name="gates"/> (input side) by r, z, n; replaces the n part of
    /// <paramref name="hiddenSide"/> (h·W_hhᵀ) by h_n + b_hn, which backward needs; writes h.</summary>
    public static void Forward<TAct>(Span<float> gates, Span<float> hiddenSide, ReadOnlySpan<float> hiddenBias,
        ReadOnlySpan<float> hPrev, Span<float> h, int units) where TAct : IActivationFunction
    {
        ref float g = ref MemoryMarshal.GetReference(gates);
        ref float hs = ref MemoryMarshal.GetReference(hiddenSide);
        ref float hb = ref MemoryMarshal.GetReference(hiddenBias);
        ref float hp = ref MemoryMarshal.GetReference(hPrev);
        ref float hn = ref MemoryMarshal.GetReference(h);
        int u = 0;
        if (Vector512.IsHardwareAccelerated)
            u = Forward<Vector512<float>, Vector512Ops, TAct>(ref g, ref hs, ref hb, ref hp, ref hn, u, units);
        if (Vector256.IsHardwareAccelerated)
            u = Forward<Vector256<float>, Vector256Ops, TAct>(ref g, ref hs, ref hb, ref hp, ref hn, u, units);
        if (Vector128.IsHardwareAccelerated)
            u = Forward<Vector128<float>, Vector128Ops, TAct>(ref g, ref hs, ref hb, ref hp, ref hn, u, units);
        Forward<float, ScalarOps, TAct>(ref g, ref hs, ref hb, ref hp, ref hn, u, units);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Forward<TVec, TOps, TAct>(ref float gates, ref float hiddenSide, ref float hiddenBias, ref float hPrev, ref float h, int u, int units)
        where TVec : struct where TOps : ISimdOps<TVec> where TAct : IActivationFunction
    {
        int n2 = 2 * units;
        for (; u + TOps.Count <= units; u += TOps.Count)
        {
            ref float xr = ref Unsafe.Add(ref gates, u);
            ref float xz = ref Unsafe.Add(ref gates, units + u);
            ref float xn = ref Unsafe.Add(ref gates, n2 + u);
            ref float hnRef = ref Unsafe.Add(ref hiddenSide, n2 + u);
            var r = Sigmoid.Apply<TVec, TOps>(TOps.Add(TOps.Load(ref xr),
                TOps.Add(TOps.Load(ref Unsafe.Add(ref hiddenSide, u)), TOps.Load(ref Unsafe.Add(ref hiddenBias, u)))));
            var z = Sigmoid.Apply<TVec, TOps>(TOps.Add(TOps.Load(ref xz),
                TOps.Add(TOps.Load(ref Unsafe.Add(ref hiddenSide, units + u)), TOps.Load(ref Unsafe.Add(ref hiddenBias, units + u)))));
            var hn = TOps.Add(TOps.Load(ref hnRef), TOps.Load(ref Unsafe.Add(ref hiddenBias, n2 + u)));
            var n = TAct.Apply<TVec, TOps>(TOps.MultiplyAdd(r, hn, TOps.Load(ref xn)));
            var hp = TOps.Load(ref Unsafe.Add(ref hPrev, u));
            TOps.Store(r, ref xr);
            TOps.Store(z, ref xz);
            TOps.Store(n, ref xn);
            TOps.Store(hn, ref hnRef);
            TOps.Store(TOps.MultiplyAdd(z, TOps.Subtract(hp, n), n), ref Unsafe.Add(ref h, u));
        }
        return u;
    }

    /// <summary>From dh = <paramref name="dhOut"/> + <paramref name="dhCarry"/>: writes the input-side
    /// pre-activation gradients into <paramref name="gates"/>, the hidden-side ones into
    /// <paramref name="hiddenSide"/>, and leaves the direct term dh⊙z in <paramref name="dhCarry"/>.</summary>
    public static void Backward<TAct>(ReadOnlySpan<float> dhOut, Span<float> dhCarry, Span<float> gates, Span<float> hiddenSide,
        ReadOnlySpan<float> hPrev, int units) where TAct : IActivationFunction
    {
        ref float dho = ref MemoryMarshal.GetReference(dhOut);
        ref float dhc = ref MemoryMarshal.GetReference(dhCarry);
        ref float g = ref MemoryMarshal.GetReference(gates);
        ref float hs = ref MemoryMarshal.GetReference(hiddenSide);
        ref float hp = ref MemoryMarshal.GetReference(hPrev);
        int u = 0;
        if (Vector512.IsHardwareAccelerated)
            u = Backward<Vector512<float>, Vector512Ops, TAct>(ref dho, ref dhc, ref g, ref hs, ref hp, u, units);
        if (Vector256.IsHardwareAccelerated)
            u = Backward<Vector256<float>, Vector256Ops, TAct>(ref dho, ref dhc, ref g, ref hs, ref hp, u, units);
        if (Vector128.IsHardwareAccelerated)
            u = Backward<Vector128<float>, Vector128Ops, TAct>(ref dho, ref dhc, ref g, ref hs, ref hp, u, units);
        Backward<float, ScalarOps, TAct>(ref dho, ref dhc, ref g, ref hs, ref hp, u, units);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Backward<TVec, TOps, TAct>(ref float dhOut, ref float dhCarry, ref float gates, ref float hiddenSide, ref float hPrev, int u, int units)
        where TVec : struct where TOps : ISimdOps<TVec> where TAct : IActivationFunction
    {
        int n2 = 2 * units;
        for (; u + TOps.Count <= units; u += TOps.Count)
        {
            ref float gr = ref Unsafe.Add(ref gates, u);
            ref float gz = ref Unsafe.Add(ref gates, units + u);
            ref float gn = ref Unsafe.Add(ref gates, n2 + u);
            ref float carry = ref Unsafe.Add(ref dhCarry, u);
            var r = TOps.Load(ref gr);
            var z = TOps.Load(ref gz);
            var n = TOps.Load(ref gn);
            var hn = TOps.Load(ref Unsafe.Add(ref hiddenSide, n2 + u));
            var dh = TOps.Add(TOps.Load(ref Unsafe.Add(ref dhOut, u)), TOps.Load(ref carry));
            var dnPre = TOps.Multiply(TOps.Multiply(dh, TOps.Subtract(TOps.Broadcast(1f), z)), TAct.DerivativeFromOutput<TVec, TOps>(n));
            var dzPre = TOps.Multiply(TOps.Multiply(dh, TOps.Subtract(TOps.Load(ref Unsafe.Add(ref hPrev, u)), n)), Sigmoid.DerivativeFromOutput<TVec, TOps>(z));
            var drPre = TOps.Multiply(TOps.Multiply(dnPre, hn), Sigmoid.DerivativeFromOutput<TVec, TOps>(r));
            TOps.Store(drPre, ref gr);
            TOps.Store(dzPre, ref gz);
            TOps.Store(dnPre, ref gn);
            TOps.Store(drPre, ref Unsafe.Add(ref hiddenSide, u));
            TOps.Store(dzPre, ref Unsafe.Add(ref hiddenSide, units + u));
            TOps.Store(TOps.Multiply(dnPre, r), ref Unsafe.Add(ref hiddenSide, n2 + u));
            TOps.Store(TOps.Multiply(dh, z), ref carry);
        }
        return u;
    }
}
