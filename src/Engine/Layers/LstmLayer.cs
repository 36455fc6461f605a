using Tuner.Engine.Tensors;
using Tuner.Engine.Tensors.Simd;

namespace Tuner.Engine.Layers;

/// <summary>An LSTM layer (gates i, f, g, o as PyTorch; Keras' formulation with <c>activation</c>
/// on the candidate and the cell output, sigmoid gates).</summary>
internal sealed class LstmLayer : RecurrentLayer
{
    private readonly Activation _activation;
    private float[] _cells = [];       // [(T+1)][B][U] cell states in the state slots of h (the initial one is 0)
    private float[] _actCells = [];    // [T][B][U] act(c_t)
    private float[] _cellCarry = [];   // [B][U] dLoss/dc carried backwards

    public LstmLayer(ParameterSet parameters, int layerIndex, int inputSize, int units, Activation activation,
        float recurrentDropout, bool reverse, ComputeTeam? team)
        : base(parameters, layerIndex, inputSize, units, gateCount: 4, recurrentDropout, reverse, team) => _activation = activation;

    protected override bool AccumulatesRecurrentGradient => false;

    protected override void AllocateCellBuffers(int steps, int batch)
    {
        _cells = new float[(steps + 1) * batch * Units];
        _actCells = new float[steps * batch * Units];
        _cellCarry = new float[batch * Units];
    }

    protected override void ProjectionBias(Span<float> bias)
    {
        var values = Parameters.Values;
        for (int j = 0; j < GateWidth; j++)
            bias[j] = values[InputBias.Offset + j] + values[RecurrentBias.Offset + j];
    }

    protected override void ForwardStep(int t, int batch, ReadOnlySpan<float> recurrentInput, bool isFirstStep)
    {
        int stride = batch * Units;
        var gates = Gates.AsSpan(t * batch * GateWidth, batch * GateWidth);
        if (isFirstStep) _cells.AsSpan(PreviousSlot(t) * stride, stride).Clear();
        else RecurrentProduct(recurrentInput, batch, beta: 1f, gates);
        if (_activation == Activation.Tanh) ForwardRows<TanhFunction>(t, batch, gates);
        else ForwardRows<ReluFunction>(t, batch, gates);
    }

    private void ForwardRows<TAct>(int t, int batch, Span<float> gates) where TAct : IActivationFunction
    {
        int u = Units, stride = batch * u;
        int previous = PreviousSlot(t) * stride, state = StateSlot(t) * stride;
        for (int b = 0; b < batch; b++)
        {
            LstmKernels.Forward<TAct>(
                gates.Slice(b * GateWidth, GateWidth),
                _cells.AsSpan(previous + b * u, u),
                _cells.AsSpan(state + b * u, u),
                _actCells.AsSpan(t * stride + b * u, u),
                Hidden.AsSpan(state + b * u, u),
                u);
        }
    }

    protected override void BeginBackward(int batch) => _cellCarry.AsSpan(0, batch * Units).Clear();

    protected override void BackwardStep(int t, int batch, ReadOnlySpan<float> outputGradient)
    {
        if (_activation == Activation.Tanh) BackwardRows<TanhFunction>(t, batch, outputGradient);
        else BackwardRows<ReluFunction>(t, batch, outputGradient);
    }

    private void BackwardRows<TAct>(int t, int batch, ReadOnlySpan<float> outputGradient) where TAct : IActivationFunction
    {
        int u = Units, stride = batch * u;
        int previous = PreviousSlot(t) * stride;
        var gates = Gates.AsSpan(t * batch * GateWidth, batch * GateWidth);
        for (int b = 0; b < batch; b++)
        {
            LstmKernels.Backward<TAct>(
                outputGradient.Slice(b * u, u),
                RecurrentGradient.AsSpan(b * u, u),
                _cellCarry.AsSpan(b * u, u),
                gates.Slice(b * GateWidth, GateWidth),
                _actCells.AsSpan(t * stride + b * u, u),
                _cells.AsSpan(previous + b * u, u),
                u);
        }
    }

    protected override Span<float> RecurrentSideGradients(int rows) => Gates.AsSpan(0, rows * GateWidth);
}
