using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors.Simd;

namespace Tuner.Engine.Optimizers;

/// <summary>RMSprop as Keras: s ← ρs + (1−ρ)g², p ← p − lr·g/(√s + ε).</summary>
public sealed class RmsPropOptimizer : Optimizer
{
    public RmsPropOptimizer(OptimizerSpec spec, int parameterCount) : base(spec, parameterCount, stateSlots: 1) { }

    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float s = ref MemoryMarshal.GetArrayDataReference(State[0]);
        int n = parameters.Length, i = 0;
        if (Vector512.IsHardwareAccelerated) i = Run<Vector512<float>, Vector512Ops>(ref p, ref g, ref s, i, n, Spec);
        if (Vector256.IsHardwareAccelerated) i = Run<Vector256<float>, Vector256Ops>(ref p, ref g, ref s, i, n, Spec);
        if (Vector128.IsHardwareAccelerated) i = Run<Vector128<float>, Vector128Ops>(ref p, ref g, ref s, i, n, Spec);
        Run<float, ScalarOps>(ref p, ref g, ref s, i, n, Spec);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Run<TVec, TOps>(ref float p, ref float g, ref float s, int i, int n, OptimizerSpec spec)
        where TVec : struct where TOps : ISimdOps<TVec>
    {
        var rho = TOps.Broadcast(spec.Rho);
        var oneMinusRho = TOps.Broadcast(1 - spec.Rho);
        var lr = TOps.Broadcast(spec.LearningRate);
        var eps = TOps.Broadcast(spec.Epsilon);
        for (; i + TOps.Count <= n; i += TOps.Count)
        {
            var gi = TOps.Load(ref Unsafe.Add(ref g, i));
            var si = TOps.MultiplyAdd(rho, TOps.Load(ref Unsafe.Add(ref s, i)), TOps.Multiply(oneMinusRho, TOps.Multiply(gi, gi)));
            TOps.Store(si, ref Unsafe.Add(ref s, i));
            ref float pi = ref Unsafe.Add(ref p, i);
            TOps.Store(TOps.Subtract(TOps.Load(ref pi), TOps.Divide(TOps.Multiply(lr, gi), TOps.Add(TOps.Sqrt(si), eps))), ref pi);
        }
        return i;
    }
}
