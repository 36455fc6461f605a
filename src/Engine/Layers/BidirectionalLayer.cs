using Tuner.Engine.Rng;

namespace Tuner.Engine.Layers;

/// <summary>Keras' <c>Bidirectional(layer, merge_mode="concat")</c> = PyTorch's <c>bidirectional=True</c>:
/// a forward and a reverse <see cref="RecurrentLayer"/> over the same input, outputs concatenated per
/// step ([T][B][2U], forward first), both directions' input gradients summed.</summary>
/// <remarks>The directions keep their own time-ordered state buffers; the concatenated sequence is
/// assembled only when something reads it (a layer above, a test), since a head reads the final
/// states alone. Likewise the output gradient is split per direction only when there is one.</remarks>
internal sealed class BidirectionalLayer : IRecurrentLayer
{
    private readonly RecurrentLayer _forward;
    private readonly RecurrentLayer _reverse;
    private float[] _output = [];            // [T][B][2U], built on demand
    private float[] _forwardGradient = [];   // [T][B][U] the forward half of dLoss/dOutput
    private float[] _reverseGradient = [];   // [T][B][U] the reverse half
    private float[] _forwardFinal = [];      // [B][U] the forward half of dLoss/d(final state)
    private float[] _reverseFinal = [];      // [B][U]
    private bool _outputCurrent;
    private int _capacitySteps;
    private int _capacityBatch;

    public BidirectionalLayer(RecurrentLayer forward, RecurrentLayer reverse)
    {
        if (forward.Reverse || !reverse.Reverse) throw new ArgumentException("a bidirectional layer needs a forward and a reverse layer");
        if (forward.InputSize != reverse.InputSize || forward.Units != reverse.Units)
            throw new ArgumentException($"the directions differ: {forward.InputSize}→{forward.Units} and {reverse.InputSize}→{reverse.Units}");
        _forward = forward;
        _reverse = reverse;
    }

    public int InputSize => _forward.InputSize;
    public int Units => _forward.Units;
    public int OutputSize => 2 * Units;

    public void EnsureCapacity(int steps, int batch)
    {
        _forward.EnsureCapacity(steps, batch);
        _reverse.EnsureCapacity(steps, batch);
        if (steps <= _capacitySteps && batch <= _capacityBatch) return;
        _capacitySteps = Math.Max(steps, _capacitySteps);
        _capacityBatch = Math.Max(batch, _capacityBatch);
        int sequence = _capacitySteps * _capacityBatch * Units;
        _output = new float[2 * sequence];
        _forwardGradient = new float[sequence];
        _reverseGradient = new float[sequence];
        _forwardFinal = new float[_capacityBatch * Units];
        _reverseFinal = new float[_capacityBatch * Units];
    }

    public void Forward(ReadOnlySpan<float> input, int steps, int batch, bool training, Xoshiro256StarStar? rng)
    {
        EnsureCapacity(steps, batch);
        _forward.Forward(input, steps, batch, training, rng);
        _reverse.Forward(input, steps, batch, training, rng);
        _outputCurrent = false;
    }

    public void ForwardTokens(EmbeddingLayer embedding, int steps, int batch, bool training, Xoshiro256StarStar? rng)
    {
        EnsureCapacity(steps, batch);
        _forward.ForwardTokens(embedding, steps, batch, training, rng);
        _reverse.ForwardTokens(embedding, steps, batch, training, rng);
        _outputCurrent = false;
    }

    public Span<float> Output(int steps, int batch)
    {
        var output = _output.AsSpan(0, steps * batch * OutputSize);
        if (!_outputCurrent)
        {
            Interleave(_forward.Output(steps, batch), _reverse.Output(steps, batch), steps * batch, Units, output);
            _outputCurrent = true;
        }
        return output;
    }

    public void CopyFinalState(int steps, int batch, Span<float> destination) =>
        Interleave(_forward.FinalState(steps, batch), _reverse.FinalState(steps, batch), batch, Units, destination);

    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> sequenceGradient, ReadOnlySpan<float> finalGradient,
        Span<float> inputGradient, int steps, int batch)
    {
        ReadOnlySpan<float> forwardSequence = default, reverseSequence = default, forwardFinal = default, reverseFinal = default;
        if (!sequenceGradient.IsEmpty)
        {
            int rows = steps * batch;
            var f = _forwardGradient.AsSpan(0, rows * Units);
            var r = _reverseGradient.AsSpan(0, rows * Units);
            Split(sequenceGradient, rows, Units, f, r);
            forwardSequence = f;
            reverseSequence = r;
        }
        if (!finalGradient.IsEmpty)
        {
            var f = _forwardFinal.AsSpan(0, batch * Units);
            var r = _reverseFinal.AsSpan(0, batch * Units);
            Split(finalGradient, batch, Units, f, r);
            forwardFinal = f;
            reverseFinal = r;
        }
        // The reverse direction ran last forward: its most recent states are still in cache, so it goes first.
        _reverse.Backward(input, reverseSequence, reverseFinal, inputGradient, accumulateInputGradient: false, steps, batch);
        _forward.Backward(input, forwardSequence, forwardFinal, inputGradient, accumulateInputGradient: true, steps, batch);
    }

    /// <summary>rows × [first | second], each half <paramref name="width"/> wide.</summary>
    private static void Interleave(ReadOnlySpan<float> first, ReadOnlySpan<float> second, int rows, int width, Span<float> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            first.Slice(r * width, width).CopyTo(destination.Slice(2 * r * width, width));
            second.Slice(r * width, width).CopyTo(destination.Slice((2 * r + 1) * width, width));
        }
    }

    private static void Split(ReadOnlySpan<float> source, int rows, int width, Span<float> first, Span<float> second)
    {
        for (int r = 0; r < rows; r++)
        {
            source.Slice(2 * r * width, width).CopyTo(first.Slice(r * width, width));
            source.Slice((2 * r + 1) * width, width).CopyTo(second.Slice(r * width, width));
        }
    }
}
