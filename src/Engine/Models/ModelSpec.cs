using Tuner.Engine.Layers;

namespace Tuner.Engine.Models;

/// <summary>The architecture: <paramref name="Layers"/> stacked recurrent layers of
/// <paramref name="Units"/> units → Dropout(<paramref name="Dropout"/>) → Dense(1), with inverted
/// dropout also between stacked layers, Keras-style recurrent dropout on h, and an L2 penalty
/// <c>l2·Σw²</c> on every weight matrix (not on biases).</summary>
public sealed record ModelSpec(
    CellType Cell,
    int InputSize,
    int Units,
    int Layers = 1,
    Activation Activation = Activation.Tanh,
    float Dropout = 0f,
    float RecurrentDropout = 0f,
    float L2 = 0f)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (InputSize < 1) throw new ArgumentException($"inputSize must be >= 1, got {InputSize}");
        if (Units < 1 || Units > 8192) throw new ArgumentException($"units must be in 1..8192, got {Units}");
        if (Layers < 1 || Layers > 16) throw new ArgumentException($"layers must be in 1..16, got {Layers}");
        if (!(Dropout >= 0f && Dropout < 1f)) throw new ArgumentException($"dropout must be in [0, 1), got {Dropout}");
        if (!(RecurrentDropout >= 0f && RecurrentDropout < 1f)) throw new ArgumentException($"recurrent_dropout must be in [0, 1), got {RecurrentDropout}");
        if (!(L2 >= 0f && float.IsFinite(L2))) throw new ArgumentException($"l2 must be a finite number >= 0, got {L2}");
        if (!Enum.IsDefined(Cell)) throw new ArgumentException($"unknown cell {Cell}");
        if (!Enum.IsDefined(Activation)) throw new ArgumentException($"unknown activation {Activation}");
    }
}
