using Tuner.Engine.Rng;

namespace Tuner.Engine.Layers;

/// <summary>A recurrent layer over a whole sequence batch. Tensors are time-major:
/// input [T][B][InputSize], output [T][B][Units], so each step's rows are contiguous.</summary>
internal interface IRecurrentLayer
{
    int InputSize { get; }
    int Units { get; }

    /// <summary>Makes the work buffers big enough for <paramref name="steps"/>×<paramref name="batch"/> (allocates only when they grow).</summary>
    void EnsureCapacity(int steps, int batch);

    /// <summary>Runs the layer and keeps what backward needs. <paramref name="training"/> enables recurrent dropout.</summary>
    void Forward(ReadOnlySpan<float> input, int steps, int batch, bool training, Xoshiro256StarStar? rng);

    /// <summary>Every step's hidden state of the last forward pass, [T][B][Units].</summary>
    Span<float> Output(int steps, int batch);

    /// <summary>Back-propagates through time. <paramref name="outputGradient"/> is dLoss/dOutput for every step
    /// (its contents are consumed); parameter gradients are accumulated; dLoss/dInput is written to
    /// <paramref name="inputGradient"/> unless it is empty.</summary>
    void Backward(ReadOnlySpan<float> input, Span<float> outputGradient, Span<float> inputGradient, int steps, int batch);
}
