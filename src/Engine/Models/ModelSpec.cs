using Tuner.Engine.Layers;

namespace Tuner.Engine.Models;

/// <summary>The architecture: [Embedding(<paramref name="Embedding"/>)] → <paramref name="Layers"/>
/// stacked recurrent layers of <paramref name="Units"/> units, each <paramref name="Bidirectional"/> or
/// not → Dropout(<paramref name="Dropout"/>) → the <paramref name="Head"/> (Dense(1) linear, Dense(1)
/// sigmoid, or Dense(<paramref name="Classes"/>) softmax), with inverted dropout also between stacked
/// layers, Keras-style recurrent dropout on h, and an L2 penalty <c>l2·Σw²</c> on every weight matrix
/// of the recurrent layers and the head (not on biases, nor on the embedding table, which Keras'
/// Embedding leaves unregularized by default).</summary>
/// <param name="InputSize">Values per step: D features, or 1 (the token id) with an embedding.</param>
/// <param name="Classes">K for the softmax head (2..65,536); 0 for the others.</param>
public sealed record ModelSpec(
    CellType Cell,
    int InputSize,
    int Units,
    int Layers = 1,
    Activation Activation = Activation.Tanh,
    float Dropout = 0f,
    float RecurrentDropout = 0f,
    float L2 = 0f,
    bool Bidirectional = false,
    EmbeddingSpec? Embedding = null,
    HeadKind Head = HeadKind.Linear,
    int Classes = 0)
{
    /// <summary>The most classes a softmax head may have.</summary>
    public const int MaxClasses = 65_536;

    /// <summary>Logits (and predictions) per sample: K for softmax, else 1.</summary>
    public int Outputs => Head == HeadKind.Softmax ? Classes : 1;

    /// <summary>Features per step the recurrent stack's top layer produces (2·Units when bidirectional).</summary>
    public int OutputSize => Bidirectional ? 2 * Units : Units;

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
        if (!Enum.IsDefined(Head)) throw new ArgumentException($"unknown head {Head}");
        if (Embedding is not null)
        {
            Embedding.Validate();
            if (InputSize != 1) throw new ArgumentException($"inputSize must be 1 (one token id per step) with an embedding, got {InputSize}");
        }
        if (Head == HeadKind.Softmax)
        {
            if (Classes < 2 || Classes > MaxClasses) throw new ArgumentException($"classes must be in 2..{MaxClasses} for a softmax head, got {Classes}");
        }
        else if (Classes != 0)
        {
            throw new ArgumentException($"classes is for the softmax head only (the {Head} head has one output), got {Classes}");
        }
    }
}
