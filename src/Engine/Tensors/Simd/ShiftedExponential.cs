using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tuner.Engine.Tensors.Simd;

/// <summary>result = e^(x − shift) element-wise with the engine's own <see cref="Exponential"/>, the softmax's numerator.
/// TensorPrimitives.Exp computes e^x by another method per width and by the C library's expf without SIMD, so the same
/// logits gave other probabilities on the scalar path (and could on a runtime that changes one of them).</summary>
internal static class ShiftedExponential
{
    public static void Apply(ReadOnlySpan<float> x, float shift, Span<float> result)
    {
        if (result.Length < x.Length) throw new ArgumentException("result is shorter than x", nameof(result));
        ref float source = ref MemoryMarshal.GetReference(x);
        ref float target = ref MemoryMarshal.GetReference(result);
        int n = x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated) i = Run<Vector512<float>, Vector512Ops>(ref source, ref target, shift, i, n);
        if (Vector256.IsHardwareAccelerated) i = Run<Vector256<float>, Vector256Ops>(ref source, ref target, shift, i, n);
        if (Vector128.IsHardwareAccelerated) i = Run<Vector128<float>, Vector128Ops>(ref source, ref target, shift, i, n);
        Run<float, ScalarOps>(ref source, ref target, shift, i, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Run<TVec, TOps>(ref float source, ref float target, float shift, int i, int n)
        where TVec : struct where TOps : ISimdOps<TVec>
    {
        var s = TOps.Broadcast(shift);
        for (; i + TOps.Count <= n; i += TOps.Count)
            TOps.Store(TOps.Exp(TOps.Subtract(TOps.Load(ref Unsafe.Add(ref source, i)), s)), ref Unsafe.Add(ref target, i));
        return i;
    }
}
