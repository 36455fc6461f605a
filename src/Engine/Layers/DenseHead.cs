using System.Numerics.Tensors;

namespace Tuner.Engine.Layers;

/// <summary>The Dense(1) regression head: <c>pred[b] = x[b]·w + bias</c> with <c>head.weight</c> [1][U]
/// and <c>head.bias</c> [1] (PyTorch names).</summary>
internal sealed class DenseHead
{
    private readonly ParameterSet _parameters;

    public DenseHead(ParameterSet parameters, int inputSize)
    {
        _parameters = parameters;
        InputSize = inputSize;
        Weight = parameters.Declare("head.weight", 1, inputSize, isKernel: true);
        Bias = parameters.Declare("head.bias", 1, 1, isKernel: false);
    }

    public int InputSize { get; }
    public ParameterTensor Weight { get; }
    public ParameterTensor Bias { get; }

    public void Forward(ReadOnlySpan<float> input, int batch, Span<float> predictions)
    {
        ReadOnlySpan<float> w = _parameters.Values.AsSpan(Weight.Offset, InputSize);
        float bias = _parameters.Values[Bias.Offset];
        for (int b = 0; b < batch; b++)
            predictions[b] = TensorPrimitives.Dot(input.Slice(b * InputSize, InputSize), w) + bias;
    }

    /// <summary>Accumulates dW, db from dLoss/dpred and writes dLoss/dinput [B][U].</summary>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> predictionGradient, int batch, Span<float> inputGradient)
    {
        var grads = _parameters.Gradients;
        var dw = grads.AsSpan(Weight.Offset, InputSize);
        ReadOnlySpan<float> w = _parameters.Values.AsSpan(Weight.Offset, InputSize);
        float db = 0;
        for (int b = 0; b < batch; b++)
        {
            float g = predictionGradient[b];
            db += g;
            TensorPrimitives.MultiplyAdd(input.Slice(b * InputSize, InputSize), g, dw, dw);
            TensorPrimitives.Multiply(w, g, inputGradient.Slice(b * InputSize, InputSize));
        }
        grads[Bias.Offset] += db;
    }
}
