namespace Tuner.Engine.Optimizers;

/// <summary>An optimizer and its settings. Defaults are Keras': Adam β₁ 0.9, β₂ 0.999, ε 1e-7;
/// RMSprop ρ 0.9, ε 1e-7; SGD with momentum 0.9 (Keras' default is 0; Tuner's <c>sgd</c> means
/// SGD with momentum). <paramref name="ClipNorm"/> rescales the gradient when its global L2 norm
/// exceeds it (Keras' <c>global_clipnorm</c>).</summary>
public sealed record OptimizerSpec(
    OptimizerKind Kind,
    float LearningRate,
    float Beta1 = 0.9f,
    float Beta2 = 0.999f,
    float Epsilon = 1e-7f,
    float Rho = 0.9f,
    float Momentum = 0.9f,
    float? ClipNorm = null)
{
    public static OptimizerSpec Adam(float learningRate) => new(OptimizerKind.Adam, learningRate);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0f && float.IsFinite(LearningRate))) throw new ArgumentException($"learning_rate must be a finite number > 0, got {LearningRate}");
        if (!(Beta1 >= 0f && Beta1 < 1f)) throw new ArgumentException($"beta1 must be in [0, 1), got {Beta1}");
        if (!(Beta2 >= 0f && Beta2 < 1f)) throw new ArgumentException($"beta2 must be in [0, 1), got {Beta2}");
        if (!(Epsilon > 0f)) throw new ArgumentException($"epsilon must be > 0, got {Epsilon}");
        if (!(Rho >= 0f && Rho < 1f)) throw new ArgumentException($"rho must be in [0, 1), got {Rho}");
        if (!(Momentum >= 0f && Momentum < 1f)) throw new ArgumentException($"momentum must be in [0, 1), got {Momentum}");
        if (ClipNorm is { } c && !(c > 0f && float.IsFinite(c))) throw new ArgumentException($"clipnorm must be a finite number > 0, got {c}");
    }
}
