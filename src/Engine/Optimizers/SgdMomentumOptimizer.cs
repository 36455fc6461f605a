using System.Numerics.Tensors;

namespace Tuner.Engine.Optimizers;

/// <summary>SGD with momentum as Keras: v ← μv − lr·g, p ← p + v.</summary>
public sealed class SgdMomentumOptimizer : Optimizer
{
    public SgdMomentumOptimizer(OptimizerSpec spec, int parameterCount) : base(spec, parameterCount, stateSlots: 1) { }

    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        var velocity = State[0].AsSpan(0, parameters.Length);
        TensorPrimitives.Multiply(velocity, Spec.Momentum, velocity);
        TensorPrimitives.MultiplyAdd(gradients, -Spec.LearningRate, velocity, velocity);
        TensorPrimitives.Add(parameters, velocity, parameters);
    }
}
