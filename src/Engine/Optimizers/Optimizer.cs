using System.Numerics.Tensors;
using Tuner.Engine.Tensors;

namespace Tuner.Engine.Optimizers;

/// <summary>Updates a flat parameter vector from its gradient and keeps per-parameter state
/// (moments) that checkpoints save and restore.</summary>
public abstract class Optimizer
{
    protected Optimizer(OptimizerSpec spec, int parameterCount, int stateSlots)
    {
        spec.Validate();
        Spec = spec;
        State = new float[stateSlots][];
        for (int i = 0; i < stateSlots; i++) State[i] = new float[parameterCount];
    }

    public OptimizerSpec Spec { get; }

    /// <summary>Updates applied so far (Adam's bias correction uses it).</summary>
    public long Steps { get; set; }

    /// <summary>Per-parameter state vectors (Adam: m, v; RMSprop: mean square; SGD: velocity).</summary>
    public float[][] State { get; }

    public static Optimizer Create(OptimizerSpec spec, int parameterCount) => spec.Kind switch
    {
        OptimizerKind.Adam => new AdamOptimizer(spec, parameterCount),
        OptimizerKind.RmsProp => new RmsPropOptimizer(spec, parameterCount),
        OptimizerKind.Sgd => new SgdMomentumOptimizer(spec, parameterCount),
        _ => throw new ArgumentException($"unknown optimizer {spec.Kind}"),
    };

    /// <summary>Clips <paramref name="gradients"/> by global norm (if configured) and applies one update.</summary>
    public void Step(Span<float> parameters, Span<float> gradients)
    {
        if (Spec.ClipNorm is { } clip) GradientClipping.ClipByGlobalNorm(gradients, clip);
        Steps++;
        Update(parameters, gradients);
    }

    protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradients);
}

/// <summary>Gradient clipping by global norm: g ← g·min(1, c/‖g‖₂).</summary>
public static class GradientClipping
{
    /// <summary>Returns the norm before clipping.</summary>
    public static float ClipByGlobalNorm(Span<float> gradients, float maxNorm)
    {
        float norm = MathF.Sqrt(FixedOrderSum.SumOfSquares(gradients));
        if (norm > maxNorm) TensorPrimitives.Multiply(gradients, maxNorm / norm, gradients);
        return norm;
    }
}
