using System.Numerics.Tensors;
using Tuner.Engine.Layers;
using Tuner.Engine.Rng;
using Tuner.Engine.Tensors;

namespace Tuner.Engine.Models;

/// <summary>The whole network of <see cref="ModelSpec"/> on time-major batches ([T][B][D] inputs,
/// [B] targets): forward, MSE loss (mean over the batch) plus the L2 penalty, and back-propagation
/// into <see cref="Parameters"/>' gradients. Work buffers are sized once for the largest batch and
/// reused, so a training step allocates nothing.</summary>
public sealed class RecurrentRegressor
{
    private readonly IRecurrentLayer[] _layers;
    private readonly DenseHead _head;
    private readonly ParameterTensor[] _kernels;      // the weight matrices the L2 penalty covers
    private float[][] _layerInputs = [];      // [l] for l ≥ 1: layer l−1's output after dropout, [T][B][U]
    private float[][] _layerMasks = [];       // [l] for l ≥ 1: that dropout's mask
    private float[] _headInput = [];          // [B][U] last hidden state after dropout
    private float[] _headMask = [];
    private float[] _headInputGradient = [];
    private float[] _predictions = [];
    private float[] _predictionGradient = [];
    private float[] _outputGradient = [];     // [T][B][U] dLoss/dOutput of the layer being back-propagated
    private float[] _inputGradient = [];      // [T][B][U] dLoss/dInput of that layer
    private int _capacitySteps;
    private int _capacityBatch;

    public RecurrentRegressor(ModelSpec spec, ComputeTeam? team = null)
    {
        spec.Validate();
        Spec = spec;
        Parameters = new ParameterSet();
        _layers = new IRecurrentLayer[spec.Layers];
        for (int l = 0; l < spec.Layers; l++)
        {
            int inputSize = l == 0 ? spec.InputSize : spec.Units;
            _layers[l] = spec.Cell == CellType.Lstm
                ? new LstmLayer(Parameters, l, inputSize, spec.Units, spec.Activation, spec.RecurrentDropout, team)
                : new GruLayer(Parameters, l, inputSize, spec.Units, spec.Activation, spec.RecurrentDropout, team);
        }
        _head = new DenseHead(Parameters, spec.Units);
        Parameters.Allocate();
        _kernels = [.. Parameters.Tensors.Where(t => t.IsKernel)];
    }

    public ModelSpec Spec { get; }

    public ParameterSet Parameters { get; }

    /// <summary>Makes every buffer big enough (allocates only when they grow).</summary>
    public void EnsureCapacity(int steps, int batch)
    {
        if (steps <= _capacitySteps && batch <= _capacityBatch) return;
        _capacitySteps = Math.Max(steps, _capacitySteps);
        _capacityBatch = Math.Max(batch, _capacityBatch);
        int seq = _capacitySteps * _capacityBatch * Spec.Units;
        int row = _capacityBatch * Spec.Units;
        foreach (var layer in _layers) layer.EnsureCapacity(_capacitySteps, _capacityBatch);
        _layerInputs = new float[_layers.Length][];
        _layerMasks = new float[_layers.Length][];
        for (int l = 1; l < _layers.Length; l++)
        {
            _layerInputs[l] = new float[seq];
            _layerMasks[l] = new float[seq];
        }
        _headInput = new float[row];
        _headMask = new float[row];
        _headInputGradient = new float[row];
        _predictions = new float[_capacityBatch];
        _predictionGradient = new float[_capacityBatch];
        _outputGradient = new float[seq];
        _inputGradient = new float[seq];
    }

    /// <summary>Predictions for a batch; <paramref name="training"/> turns dropout on.</summary>
    public void Forward(ReadOnlySpan<float> input, int steps, int batch, bool training, Xoshiro256StarStar? rng, Span<float> predictions)
    {
        CheckShapes(input, steps, batch);
        if (training && rng is null) throw new ArgumentNullException(nameof(rng), "training needs a random generator for dropout");
        if (predictions.Length < batch) throw new ArgumentException($"predictions has {predictions.Length} slots, batch is {batch}", nameof(predictions));
        EnsureCapacity(steps, batch);
        bool dropout = training && Spec.Dropout > 0f;
        ReadOnlySpan<float> layerInput = input;
        for (int l = 0; l < _layers.Length; l++)
        {
            if (l > 0)
            {
                var output = _layers[l - 1].Output(steps, batch);
                if (dropout)
                {
                    var mask = _layerMasks[l].AsSpan(0, output.Length);
                    RecurrentLayer.FillDropoutMask(mask, Spec.Dropout, rng!);
                    var dropped = _layerInputs[l].AsSpan(0, output.Length);
                    TensorPrimitives.Multiply(output, mask, dropped);
                    layerInput = dropped;
                }
                else
                {
                    layerInput = output;
                }
            }
            _layers[l].Forward(layerInput, steps, batch, training, rng);
        }

        int row = batch * Spec.Units;
        var last = _layers[^1].Output(steps, batch).Slice((steps - 1) * row, row);
        var headInput = _headInput.AsSpan(0, row);
        if (dropout)
        {
            var mask = _headMask.AsSpan(0, row);
            RecurrentLayer.FillDropoutMask(mask, Spec.Dropout, rng!);
            TensorPrimitives.Multiply(last, mask, headInput);
        }
        else
        {
            last.CopyTo(headInput);
        }
        _head.Forward(headInput, batch, predictions);
    }

    /// <summary>One forward + backward pass in training mode. Gradients are overwritten (not
    /// accumulated across calls). Returns the batch loss: MSE plus the L2 penalty.</summary>
    public double ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> targets, int steps, int batch, Xoshiro256StarStar rng)
    {
        if (targets.Length < batch) throw new ArgumentException($"targets has {targets.Length} values, batch is {batch}", nameof(targets));
        CheckShapes(input, steps, batch);
        EnsureCapacity(steps, batch);
        var predictions = _predictions.AsSpan(0, batch);
        Forward(input, steps, batch, training: true, rng, predictions);
        Parameters.ZeroGradients();

        double mse = 0;
        var dPred = _predictionGradient.AsSpan(0, batch);
        float scale = 2f / batch;
        for (int b = 0; b < batch; b++)
        {
            float diff = predictions[b] - targets[b];
            mse += (double)diff * diff;
            dPred[b] = scale * diff;
        }
        mse /= batch;

        int row = batch * Spec.Units;
        var dHead = _headInputGradient.AsSpan(0, row);
        _head.Backward(_headInput.AsSpan(0, row), dPred, batch, dHead);
        bool dropout = Spec.Dropout > 0f;
        if (dropout) TensorPrimitives.Multiply(dHead, _headMask.AsSpan(0, row), dHead);

        int seq = steps * row;
        var dOut = _outputGradient.AsSpan(0, seq);
        dOut[..((steps - 1) * row)].Clear();
        dHead.CopyTo(dOut[((steps - 1) * row)..]);
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            ReadOnlySpan<float> layerInput = l == 0 ? input : dropout ? _layerInputs[l].AsSpan(0, seq) : _layers[l - 1].Output(steps, batch);
            var dIn = l == 0 ? Span<float>.Empty : _inputGradient.AsSpan(0, seq);
            _layers[l].Backward(layerInput, dOut, dIn, steps, batch);
            if (l == 0) break;
            if (dropout) TensorPrimitives.Multiply(dIn, _layerMasks[l].AsSpan(0, seq), dOut);
            else dIn.CopyTo(dOut);
        }
        return mse + ApplyL2();
    }

    /// <summary>Predictions in evaluation mode (no dropout).</summary>
    public void Predict(ReadOnlySpan<float> input, int steps, int batch, Span<float> predictions) =>
        Forward(input, steps, batch, training: false, rng: null, predictions);

    /// <summary>The L2 penalty l2·Σw² over the weight matrices.</summary>
    public double L2Penalty()
    {
        if (Spec.L2 == 0f) return 0;
        double sum = 0;
        foreach (var t in _kernels) sum += TensorPrimitives.SumOfSquares(Parameters.Value(t));
        return Spec.L2 * sum;
    }

    private double ApplyL2()
    {
        if (Spec.L2 == 0f) return 0;
        float twice = 2f * Spec.L2;
        foreach (var t in _kernels)
        {
            var g = Parameters.Gradient(t);
            TensorPrimitives.MultiplyAdd(Parameters.Value(t), twice, g, g);
        }
        return L2Penalty();
    }

    private void CheckShapes(ReadOnlySpan<float> input, int steps, int batch)
    {
        if (steps < 1 || batch < 1) throw new ArgumentException($"steps ({steps}) and batch ({batch}) must be >= 1");
        long need = (long)steps * batch * Spec.InputSize;
        if (input.Length < need)
            throw new ArgumentException($"input has {input.Length} values; [T={steps}][B={batch}][D={Spec.InputSize}] needs {need}", nameof(input));
    }

    internal IReadOnlyList<IRecurrentLayer> Layers => _layers;

    /// <summary>The top layer's hidden states of the last forward pass, [T][B][U].</summary>
    public ReadOnlySpan<float> TopLayerOutput(int steps, int batch) => _layers[^1].Output(steps, batch);
}
