using Tuner.Engine.Tensors;
using Tuner.Engine.Tensors.Simd;

namespace Tuner.Engine.Layers;

/// <summary>A GRU layer in the PyTorch / Keras <c>reset_after=True</c> formulation, which keeps the
/// recurrent product (and b_hn) apart from the input projection.</summary>
internal sealed class GruLayer : RecurrentLayer
{
    private readonly Activation _activation;
    private float[] _hiddenSide = [];   // [T][B][3U] h·W_hhᵀ (+ b_hn in the n part), then its gradients

    public GruLayer(ParameterSet parameters, int layerIndex, int inputSize, int units, Activation activation,
        float recurrentDropout, bool reverse, ComputeTeam? team)
        : base(parameters, layerIndex, inputSize, units, gateCount: 3, recurrentDropout, reverse, team) => _activation = activation;

    protected override bool AccumulatesRecurrentGradient => true;

    protected override void AllocateCellBuffers(int steps, int batch) => _hiddenSide = new float[steps * batch * GateWidth];

    protected override void ProjectionBias(Span<float> bias) =>
        Parameters.Values.AsSpan(InputBias.Offset, GateWidth).CopyTo(bias);

    protected override void ForwardStep(int t, int batch, ReadOnlySpan<float> recurrentInput, bool isFirstStep)
    {
        var hiddenSide = _hiddenSide.AsSpan(t * batch * GateWidth, batch * GateWidth);
        if (isFirstStep) hiddenSide.Clear();
        else RecurrentProduct(recurrentInput, batch, beta: 0f, hiddenSide);
        if (_activation == Activation.Tanh) ForwardRows<TanhFunction>(t, batch, hiddenSide);
        else ForwardRows<ReluFunction>(t, batch, hiddenSide);
    }

    private void ForwardRows<TAct>(int t, int batch, Span<float> hiddenSide) where TAct : IActivationFunction
    {
        int u = Units, stride = batch * u;
        var gates = Gates.AsSpan(t * batch * GateWidth, batch * GateWidth);
        ReadOnlySpan<float> bias = Parameters.Values.AsSpan(RecurrentBias.Offset, GateWidth);
        for (int b = 0; b < batch; b++)
        {
            GruKernels.Forward<TAct>(
                gates.Slice(b * GateWidth, GateWidth),
                hiddenSide.Slice(b * GateWidth, GateWidth),
                bias,
                Hidden.AsSpan(PreviousSlot(t) * stride + b * u, u),
                Hidden.AsSpan(StateSlot(t) * stride + b * u, u),
                u);
        }
    }

    protected override void BackwardStep(int t, int batch, ReadOnlySpan<float> outputGradient)
    {
        if (_activation == Activation.Tanh) BackwardRows<TanhFunction>(t, batch, outputGradient);
        else BackwardRows<ReluFunction>(t, batch, outputGradient);
    }

    private void BackwardRows<TAct>(int t, int batch, ReadOnlySpan<float> outputGradient) where TAct : IActivationFunction
    {
        int u = Units, stride = batch * u, block = batch * GateWidth;
        var gates = Gates.AsSpan(t * block, block);
        var hiddenSide = _hiddenSide.AsSpan(t * block, block);
        for (int b = 0; b < batch; b++)
        {
            GruKernels.Backward<TAct>(
                outputGradient.Slice(b * u, u),
                RecurrentGradient.AsSpan(b * u, u),
                gates.Slice(b * GateWidth, GateWidth),
                hiddenSide.Slice(b * GateWidth, GateWidth),
                Hidden.AsSpan(PreviousSlot(t) * stride + b * u, u),
                u);
        }
    }

    protected override Span<float> RecurrentSideGradients(int rows) => _hiddenSide.AsSpan(0, rows * GateWidth);
}
