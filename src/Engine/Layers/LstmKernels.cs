using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors.Simd;

namespace Tuner.Engine.Layers;

/// <summary>The LSTM's fused element-wise math for one batch row, gate order i, f, g, o (PyTorch):
/// <c>i,f,o = σ(·), g = act(·), c = f⊙c₋₁ + i⊙g, h = o⊙act(c)</c>, and its derivative.
/// One pass over the row, vectorized across units (Vector512, then Vector256, then Vector128, then scalar).</summary>
internal static class LstmKernels
{
    /// <summary>Activates <paramref name="gates"/> (4U pre-activations, replaced by activations) and
    /// computes the new cell state, act(c) and hidden state.</summary>
    public static void Forward<TAct>(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> actC, Span<float> h, int units)
        where TAct : IActivationFunction
    {
        ref float g = ref MemoryMarshal.GetReference(gates);
        ref float cp = ref MemoryMarshal.GetReference(cPrev);
        ref float cn = ref MemoryMarshal.GetReference(c);
        ref float ac = ref MemoryMarshal.GetReference(actC);
        ref float hn = ref MemoryMarshal.GetReference(h);
        int u = 0;
        if (Vector512.IsHardwareAccelerated)
            u = Forward<Vector512<float>, Vector512Ops, TAct>(ref g, ref cp, ref cn, ref ac, ref hn, u, units);
        if (Vector256.IsHardwareAccelerated)
            u = Forward<Vector256<float>, Vector256Ops, TAct>(ref g, ref cp, ref cn, ref ac, ref hn, u, units);
        if (Vector128.IsHardwareAccelerated)
            u = Forward<Vector128<float>, Vector128Ops, TAct>(ref g, ref cp, ref cn, ref ac, ref hn, u, units);
        Forward<float, ScalarOps, TAct>(ref g, ref cp, ref cn, ref ac, ref hn, u, units);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Forward<TVec, TOps, TAct>(ref float gates, ref float cPrev, ref float c, ref float actC, ref float h, int u, int units)
        where TVec : struct where TOps : ISimdOps<TVec> where TAct : IActivationFunction
    {
        for (; u + TOps.Count <= units; u += TOps.Count)
        {
            ref float gi = ref Unsafe.Add(ref gates, u);
            ref float gf = ref Unsafe.Add(ref gates, units + u);
            ref float gg = ref Unsafe.Add(ref gates, 2 * units + u);
            ref float go = ref Unsafe.Add(ref gates, 3 * units + u);
            var i = Sigmoid.Apply<TVec, TOps>(TOps.Load(ref gi));
            var f = Sigmoid.Apply<TVec, TOps>(TOps.Load(ref gf));
            var g = TAct.Apply<TVec, TOps>(TOps.Load(ref gg));
            var o = Sigmoid.Apply<TVec, TOps>(TOps.Load(ref go));
            TOps.Store(i, ref gi);
            TOps.Store(f, ref gf);
            TOps.Store(g, ref gg);
            TOps.Store(o, ref go);
            var cNew = TOps.MultiplyAdd(f, TOps.Load(ref Unsafe.Add(ref cPrev, u)), TOps.Multiply(i, g));
            var a = TAct.Apply<TVec, TOps>(cNew);
            TOps.Store(cNew, ref Unsafe.Add(ref c, u));
            TOps.Store(a, ref Unsafe.Add(ref actC, u));
            TOps.Store(TOps.Multiply(o, a), ref Unsafe.Add(ref h, u));
        }
        return u;
    }

    /// <summary>Turns the row's stored activations into pre-activation gradients dG (in place) from
    /// dh = <paramref name="dhOut"/> + <paramref name="dhRecurrent"/>, and carries the cell-state
    /// gradient: <paramref name="dcCarry"/> holds dc from step t+1 on entry and dc⊙f for step t−1 on exit.</summary>
    public static void Backward<TAct>(ReadOnlySpan<float> dhOut, ReadOnlySpan<float> dhRecurrent, Span<float> dcCarry,
        Span<float> gates, ReadOnlySpan<float> actC, ReadOnlySpan<float> cPrev, int units)
        where TAct : IActivationFunction
    {
        ref float dho = ref MemoryMarshal.GetReference(dhOut);
        ref float dhr = ref MemoryMarshal.GetReference(dhRecurrent);
        ref float dcc = ref MemoryMarshal.GetReference(dcCarry);
        ref float g = ref MemoryMarshal.GetReference(gates);
        ref float ac = ref MemoryMarshal.GetReference(actC);
        ref float cp = ref MemoryMarshal.GetReference(cPrev);
        int u = 0;
        if (Vector512.IsHardwareAccelerated)
            u = Backward<Vector512<float>, Vector512Ops, TAct>(ref dho, ref dhr, ref dcc, ref g, ref ac, ref cp, u, units);
        if (Vector256.IsHardwareAccelerated)
            u = Backward<Vector256<float>, Vector256Ops, TAct>(ref dho, ref dhr, ref dcc, ref g, ref ac, ref cp, u, units);
        if (Vector128.IsHardwareAccelerated)
            u = Backward<Vector128<float>, Vector128Ops, TAct>(ref dho, ref dhr, ref dcc, ref g, ref ac, ref cp, u, units);
        Backward<float, ScalarOps, TAct>(ref dho, ref dhr, ref dcc, ref g, ref ac, ref cp, u, units);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Backward<TVec, TOps, TAct>(ref float dhOut, ref float dhRec, ref float dcCarry, ref float gates,
        ref float actC, ref float cPrev, int u, int units)
        where TVec : struct where TOps : ISimdOps<TVec> where TAct : IActivationFunction
    {
        for (; u + TOps.Count <= units; u += TOps.Count)
        {
            ref float gi = ref Unsafe.Add(ref gates, u);
            ref float gf = ref Unsafe.Add(ref gates, units + u);
            ref float gg = ref Unsafe.Add(ref gates, 2 * units + u);
            ref float go = ref Unsafe.Add(ref gates, 3 * units + u);
            ref float dcRef = ref Unsafe.Add(ref dcCarry, u);
            var i = TOps.Load(ref gi);
            var f = TOps.Load(ref gf);
            var g = TOps.Load(ref gg);
            var o = TOps.Load(ref go);
            var a = TOps.Load(ref Unsafe.Add(ref actC, u));
            var dh = TOps.Add(TOps.Load(ref Unsafe.Add(ref dhOut, u)), TOps.Load(ref Unsafe.Add(ref dhRec, u)));
            var dc = TOps.MultiplyAdd(TOps.Multiply(dh, o), TAct.DerivativeFromOutput<TVec, TOps>(a), TOps.Load(ref dcRef));
            TOps.Store(TOps.Multiply(TOps.Multiply(dh, a), Sigmoid.DerivativeFromOutput<TVec, TOps>(o)), ref go);
            TOps.Store(TOps.Multiply(TOps.Multiply(dc, g), Sigmoid.DerivativeFromOutput<TVec, TOps>(i)), ref gi);
            TOps.Store(TOps.Multiply(TOps.Multiply(dc, i), TAct.DerivativeFromOutput<TVec, TOps>(g)), ref gg);
            TOps.Store(TOps.Multiply(TOps.Multiply(dc, TOps.Load(ref Unsafe.Add(ref cPrev, u))), Sigmoid.DerivativeFromOutput<TVec, TOps>(f)), ref gf);
            TOps.Store(TOps.Multiply(dc, f), ref dcRef);
        }
        return u;
    }
}
