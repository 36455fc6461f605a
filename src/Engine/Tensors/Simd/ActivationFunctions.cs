using System.Runtime.CompilerServices;

namespace Tuner.Engine.Tensors.Simd;

/// <summary>An element-wise activation and its derivative expressed through its output, so the
/// backward pass needs only what the forward pass stored.</summary>
internal interface IActivationFunction
{
    static abstract TVec Apply<TVec, TOps>(TVec x) where TVec : struct where TOps : ISimdOps<TVec>;

    /// <summary>f'(x) written as a function of y = f(x).</summary>
    static abstract TVec DerivativeFromOutput<TVec, TOps>(TVec y) where TVec : struct where TOps : ISimdOps<TVec>;
}

/// <summary>tanh(x). Polynomial for |x| &lt; 0.625 (keeps relative accuracy near 0, where
/// 1 − 2/(e^{2x}+1) cancels), exponential form elsewhere; derivative 1 − y².</summary>
internal readonly struct TanhFunction : IActivationFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Apply<TVec, TOps>(TVec x) where TVec : struct where TOps : ISimdOps<TVec>
    {
        var ax = TOps.Abs(x);
        // Cephes tanhf minimax polynomial on [0, 0.625]: tanh(x) ≈ x + x³·P(x²).
        var z = TOps.Multiply(x, x);
        var p = TOps.MultiplyAdd(TOps.Broadcast(-5.70498872745e-3f), z, TOps.Broadcast(2.06390887954e-2f));
        p = TOps.MultiplyAdd(p, z, TOps.Broadcast(-5.37397155531e-2f));
        p = TOps.MultiplyAdd(p, z, TOps.Broadcast(1.33314422036e-1f));
        p = TOps.MultiplyAdd(p, z, TOps.Broadcast(-3.33332819422e-1f));
        var small = TOps.MultiplyAdd(TOps.Multiply(p, z), x, x);
        // 1 − 2/(e^{2|x|} + 1); e^{2|x|} overflows to +∞ for |x| > 44, giving exactly 1.
        var e = TOps.Exp(TOps.Add(ax, ax));
        var large = TOps.Subtract(TOps.Broadcast(1f), TOps.Divide(TOps.Broadcast(2f), TOps.Add(e, TOps.Broadcast(1f))));
        large = TOps.CopySign(large, x);
        return TOps.Select(TOps.LessThan(ax, TOps.Broadcast(0.625f)), small, large);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec DerivativeFromOutput<TVec, TOps>(TVec y) where TVec : struct where TOps : ISimdOps<TVec>
        => TOps.MultiplyAdd(TOps.Subtract(TOps.Broadcast(0f), y), y, TOps.Broadcast(1f));
}

/// <summary>max(x, 0); derivative 1 where y &gt; 0, else 0.</summary>
internal readonly struct ReluFunction : IActivationFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Apply<TVec, TOps>(TVec x) where TVec : struct where TOps : ISimdOps<TVec>
        => TOps.Max(x, TOps.Broadcast(0f));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec DerivativeFromOutput<TVec, TOps>(TVec y) where TVec : struct where TOps : ISimdOps<TVec>
        => TOps.Select(TOps.GreaterThan(y, TOps.Broadcast(0f)), TOps.Broadcast(1f), TOps.Broadcast(0f));
}

/// <summary>The logistic sigmoid 1/(1 + e^{−x}) used by every gate; derivative y(1 − y).</summary>
internal static class Sigmoid
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Apply<TVec, TOps>(TVec x) where TVec : struct where TOps : ISimdOps<TVec>
        => TOps.Divide(TOps.Broadcast(1f), TOps.Add(TOps.Broadcast(1f), TOps.Exp(TOps.Subtract(TOps.Broadcast(0f), x))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec DerivativeFromOutput<TVec, TOps>(TVec y) where TVec : struct where TOps : ISimdOps<TVec>
        => TOps.Multiply(y, TOps.Subtract(TOps.Broadcast(1f), y));
}
