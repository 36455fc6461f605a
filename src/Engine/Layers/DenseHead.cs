using Tuner.Engine.Tensors;

namespace Tuner.Engine.Layers;

/// <summary>The Dense(K) head: <c>logits[b] = x[b]·Wᵀ + bias</c> with <c>head.weight</c> [K][I] and
/// <c>head.bias</c> [K] (PyTorch names); its activation belongs to the loss.</summary>
internal sealed class DenseHead
{
    private readonly ParameterSet _parameters;
    private readonly ComputeTeam? _team;

    public DenseHead(ParameterSet parameters, int inputSize, int outputs, ComputeTeam? team)
    {
        _parameters = parameters;
        _team = team;
        InputSize = inputSize;
        Outputs = outputs;
        Weight = parameters.Declare("head.weight", outputs, inputSize, isKernel: true);
        Bias = parameters.Declare("head.bias", 1, outputs, isKernel: false);
    }

    public int InputSize { get; }

    /// <summary>K, the logits per sample.</summary>
    public int Outputs { get; }

    public ParameterTensor Weight { get; }
    public ParameterTensor Bias { get; }

    /// <summary>logits [B][K] from input [B][I].</summary>
    public void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits)
    {
        var output = logits[..(batch * Outputs)];
        RowOps.BroadcastRow(_parameters.Value(Bias), output, batch);
        Gemm.Multiply(Transpose.No, Transpose.Yes, batch, Outputs, InputSize, 1f, input, InputSize,
            _parameters.Value(Weight), InputSize, 1f, output, Outputs, _team);
    }

    /// <summary>Accumulates dW = dLogitsᵀ·X and db from <paramref name="logitGradient"/> [B][K]; writes
    /// dLoss/dInput [B][I].</summary>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> logitGradient, int batch, Span<float> inputGradient)
    {
        var dLogits = logitGradient[..(batch * Outputs)];
        Gemm.Multiply(Transpose.Yes, Transpose.No, Outputs, InputSize, batch, 1f, dLogits, Outputs, input, InputSize, 1f,
            _parameters.Gradient(Weight), InputSize, _team);
        RowOps.AddColumnSums(dLogits, batch, Outputs, _parameters.Gradient(Bias));
        Gemm.Multiply(Transpose.No, Transpose.No, batch, InputSize, Outputs, 1f, dLogits, Outputs,
            _parameters.Value(Weight), InputSize, 0f, inputGradient, InputSize, _team);
    }
}
