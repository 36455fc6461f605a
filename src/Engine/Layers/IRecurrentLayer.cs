using Tuner.Engine.Rng;

namespace Tuner.Engine.Layers;

/// <summary>A recurrent layer over a whole sequence batch: one direction, or both
/// (<see cref="BidirectionalLayer"/>). Tensors are time-major: input [T][B][InputSize], output
/// [T][B][OutputSize], so each step's rows are contiguous.</summary>
internal interface IRecurrentLayer
{
    int InputSize { get; }

    /// <summary>Units per direction.</summary>
    int Units { get; }

    /// <summary>Features per step of the output: Units, or 2·Units for both directions.</summary>
    int OutputSize { get; }

    /// <summary>Makes the work buffers big enough for <paramref name="steps"/>×<paramref name="batch"/> (allocates only when they grow).</summary>
    void EnsureCapacity(int steps, int batch);

    /// <summary>Runs the layer and keeps what backward needs. <paramref name="training"/> enables recurrent dropout.</summary>
    void Forward(ReadOnlySpan<float> input, int steps, int batch, bool training, Xoshiro256StarStar? rng);

    /// <summary>As <see cref="Forward"/>, the input being the table rows of the tokens <paramref name="embedding"/>
    /// last read, projected through the table (<see cref="EmbeddingProjection.ThroughTable"/>). The backward pass
    /// that follows adds to the table's gradient and reads neither its input nor its input gradient.</summary>
    void ForwardTokens(EmbeddingLayer embedding, int steps, int batch, bool training, Xoshiro256StarStar? rng);

    /// <summary>Every step's output of the last forward pass, [T][B][OutputSize].</summary>
    Span<float> Output(int steps, int batch);

    /// <summary>Writes the state a head reads, [B][OutputSize]: the forward state after the last step
    /// (and, bidirectional, the backward state after the first: PyTorch's <c>cat(h_n[-2], h_n[-1])</c>).</summary>
    void CopyFinalState(int steps, int batch, Span<float> destination);

    /// <summary>Back-propagates through time. <paramref name="sequenceGradient"/> is dLoss/dOutput for every
    /// step ([T][B][OutputSize]), <paramref name="finalGradient"/> dLoss/d(final state) ([B][OutputSize]);
    /// either may be empty (no gradient there). Parameter gradients are accumulated; dLoss/dInput is
    /// written to <paramref name="inputGradient"/> unless it is empty.</summary>
    void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> sequenceGradient, ReadOnlySpan<float> finalGradient,
        Span<float> inputGradient, int steps, int batch);
}
