using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors.Simd;

namespace Tuner.Engine.Optimizers;

/// <summary>Adam (Kingma &amp; Ba) in PyTorch's form: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// p ← p − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε). One fused pass over the parameters.</summary>
public sealed class AdamOptimizer : Optimizer
{
    public AdamOptimizer(OptimizerSpec spec, int parameterCount) : base(spec, parameterCount, stateSlots: 2) { }

    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        double bc1 = 1 - Math.Pow(Spec.Beta1, Steps);
        double bc2 = 1 - Math.Pow(Spec.Beta2, Steps);
        var k = new Constants(Spec.Beta1, Spec.Beta2, (float)(Spec.LearningRate / bc1), (float)(1 / Math.Sqrt(bc2)), Spec.Epsilon);
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float m = ref MemoryMarshal.GetArrayDataReference(State[0]);
        ref float v = ref MemoryMarshal.GetArrayDataReference(State[1]);
        int n = parameters.Length, i = 0;
        if (Vector512.IsHardwareAccelerated) i = Run<Vector512<float>, Vector512Ops>(ref p, ref g, ref m, ref v, i, n, k);
        if (Vector256.IsHardwareAccelerated) i = Run<Vector256<float>, Vector256Ops>(ref p, ref g, ref m, ref v, i, n, k);
        if (Vector128.IsHardwareAccelerated) i = Run<Vector128<float>, Vector128Ops>(ref p, ref g, ref m, ref v, i, n, k);
        Run<float, ScalarOps>(ref p, ref g, ref m, ref v, i, n, k);
    }

    private readonly record struct Constants(float Beta1, float Beta2, float StepSize, float InvSqrtBc2, float Epsilon);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Run<TVec, TOps>(ref float p, ref float g, ref float m, ref float v, int i, int n, Constants k)
        where TVec : struct where TOps : ISimdOps<TVec>
    {
        var b1 = TOps.Broadcast(k.Beta1);
        var c1 = TOps.Broadcast(1 - k.Beta1);
        var b2 = TOps.Broadcast(k.Beta2);
        var c2 = TOps.Broadcast(1 - k.Beta2);
        var step = TOps.Broadcast(k.StepSize);
        var inv = TOps.Broadcast(k.InvSqrtBc2);
        var eps = TOps.Broadcast(k.Epsilon);
        for (; i + TOps.Count <= n; i += TOps.Count)
        {
            var gi = TOps.Load(ref Unsafe.Add(ref g, i));
            var mi = TOps.MultiplyAdd(b1, TOps.Load(ref Unsafe.Add(ref m, i)), TOps.Multiply(c1, gi));
            var vi = TOps.MultiplyAdd(b2, TOps.Load(ref Unsafe.Add(ref v, i)), TOps.Multiply(c2, TOps.Multiply(gi, gi)));
            TOps.Store(mi, ref Unsafe.Add(ref m, i));
            TOps.Store(vi, ref Unsafe.Add(ref v, i));
            var denom = TOps.MultiplyAdd(TOps.Sqrt(vi), inv, eps);
            ref float pi = ref Unsafe.Add(ref p, i);
            TOps.Store(TOps.Subtract(TOps.Load(ref pi), TOps.Divide(TOps.Multiply(step, mi), denom)), ref pi);
        }
        return i;
    }
}
