using System.Numerics.Tensors;
using Tuner.Engine.Layers;
using Tuner.Engine.Losses;
using Tuner.Engine.Rng;
using Tuner.Engine.Tensors;

namespace Tuner.Engine.Models;

/// <summary>The whole network of <see cref="ModelSpec"/> on time-major batches (<see cref="SequenceBatch"/>:
/// features [T][B][D] or token ids [T][B]; targets [B]): forward, the head's loss (mean over the batch)
/// plus the L2 penalty, and back-propagation into <see cref="Parameters"/>' gradients. Work buffers are
/// sized once for the largest batch and reused, so a training step allocates nothing.</summary>
public sealed class RecurrentModel
{
    private readonly EmbeddingLayer? _embedding;
    private readonly IRecurrentLayer[] _layers;
    private readonly DenseHead _head;
    private readonly ILoss _loss;
    private readonly ParameterTensor[] _kernels;      // the weight matrices the L2 penalty covers
    private float[][] _layerInputs = [];      // [l] for l ≥ 1: layer l−1's output after dropout, [T][B][OutputSize]
    private float[][] _layerMasks = [];       // [l] for l ≥ 1: that dropout's mask
    private float[] _headInput = [];          // [B][OutputSize] the final state after dropout
    private float[] _headMask = [];
    private float[] _headInputGradient = [];
    private float[] _logits = [];             // [B][K]
    private float[] _logitGradient = [];      // [B][K]
    private float[] _gradientAbove = [];      // [T][B][·] dLoss/dOutput of the layer being back-propagated
    private float[] _gradientBelow = [];      // [T][B][·] dLoss/dInput of that layer
    private int _capacitySteps;
    private int _capacityBatch;
    private bool _throughTable;               // the last forward pass projected the embedding through its table

    public RecurrentModel(ModelSpec spec, ComputeTeam? team = null)
    {
        spec.Validate();
        Spec = spec;
        Parameters = new ParameterSet();
        if (spec.Embedding is { } embedding) _embedding = new EmbeddingLayer(Parameters, embedding.Vocabulary, embedding.Dimension);
        _layers = new IRecurrentLayer[spec.Layers];
        for (int l = 0; l < spec.Layers; l++)
        {
            int inputSize = l == 0 ? RecurrentInputSize : spec.OutputSize;
            _layers[l] = spec.Bidirectional
                ? new BidirectionalLayer(CreateLayer(spec, l, inputSize, reverse: false, team), CreateLayer(spec, l, inputSize, reverse: true, team))
                : CreateLayer(spec, l, inputSize, reverse: false, team);
        }
        _head = new DenseHead(Parameters, spec.OutputSize, spec.Outputs, team);
        _loss = spec.Head switch
        {
            HeadKind.Sigmoid => new BinaryCrossEntropyLoss(),
            HeadKind.Softmax => new SoftmaxCrossEntropyLoss(spec.Classes),
            _ => new MeanSquaredErrorLoss(),
        };
        Parameters.Allocate();
        _kernels = [.. Parameters.Tensors.Where(t => t.IsKernel)];
    }

    private RecurrentLayer CreateLayer(ModelSpec spec, int index, int inputSize, bool reverse, ComputeTeam? team) =>
        spec.Cell == CellType.Lstm
            ? new LstmLayer(Parameters, index, inputSize, spec.Units, spec.Activation, spec.RecurrentDropout, reverse, team)
            : new GruLayer(Parameters, index, inputSize, spec.Units, spec.Activation, spec.RecurrentDropout, reverse, team);

    public ModelSpec Spec { get; }

    public ParameterSet Parameters { get; }

    /// <summary>True for the classification heads: <see cref="BatchLoss.Correct"/> counts right answers.</summary>
    public bool HasAccuracy => _loss.HasAccuracy;

    /// <summary>How the first layer projects embedded tokens; <see cref="EmbeddingProjection.Automatic"/> but in
    /// tests, which check both ways.</summary>
    internal EmbeddingProjection EmbeddingProjection { get; set; }

    /// <summary>Features per step the first recurrent layer reads: the embedding's dimension or D.</summary>
    private int RecurrentInputSize => _embedding?.Dimension ?? Spec.InputSize;

    /// <summary>Makes every buffer big enough (allocates only when they grow).</summary>
    public void EnsureCapacity(int steps, int batch)
    {
        if (steps <= _capacitySteps && batch <= _capacityBatch) return;
        _capacitySteps = Math.Max(steps, _capacitySteps);
        _capacityBatch = Math.Max(batch, _capacityBatch);
        int rows = _capacitySteps * _capacityBatch;
        int width = Spec.OutputSize;
        _embedding?.EnsureCapacity(_capacitySteps, _capacityBatch);
        foreach (var layer in _layers) layer.EnsureCapacity(_capacitySteps, _capacityBatch);
        _layerInputs = new float[_layers.Length][];
        _layerMasks = new float[_layers.Length][];
        for (int l = 1; l < _layers.Length; l++)
        {
            _layerInputs[l] = new float[rows * width];
            _layerMasks[l] = new float[rows * width];
        }
        _headInput = new float[_capacityBatch * width];
        _headMask = new float[_capacityBatch * width];
        _headInputGradient = new float[_capacityBatch * width];
        _logits = new float[_capacityBatch * Spec.Outputs];
        _logitGradient = new float[_capacityBatch * Spec.Outputs];
        int gradientWidth = Math.Max(width, RecurrentInputSize);
        _gradientAbove = new float[rows * gradientWidth];
        _gradientBelow = new float[rows * gradientWidth];
    }

    /// <summary>One forward + backward pass in training mode (dropout on). Gradients are overwritten
    /// (not accumulated across calls). Returns the batch loss (the head's loss plus the L2 penalty).</summary>
    public BatchLoss ComputeGradients(SequenceBatch input, ReadOnlySpan<float> targets, Xoshiro256StarStar rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int steps = input.Steps, batch = input.Batch;
        CheckTargets(targets, batch);
        Forward(input, training: true, rng);
        Parameters.ZeroGradients();

        var logits = _logits.AsSpan(0, batch * Spec.Outputs);
        var dLogits = _logitGradient.AsSpan(0, batch * Spec.Outputs);
        double loss = _loss.Compute(logits, targets, batch, dLogits);
        int correct = _loss.CountCorrect(logits, targets, batch);

        int row = batch * Spec.OutputSize;
        var dHead = _headInputGradient.AsSpan(0, row);
        _head.Backward(_headInput.AsSpan(0, row), dLogits, batch, dHead);
        bool dropout = Spec.Dropout > 0f;
        if (dropout) TensorPrimitives.Multiply(dHead, _headMask.AsSpan(0, row), dHead);

        // The top layer's gradient arrives at its final state only; each layer below gets the one above's input gradient.
        var above = _gradientAbove;
        var below = _gradientBelow;
        int sequence = steps * row;
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            bool top = l == _layers.Length - 1;
            ReadOnlySpan<float> layerInput = l > 0
                ? dropout ? _layerInputs[l].AsSpan(0, sequence) : _layers[l - 1].Output(steps, batch)
                : _embedding is null ? input.Features : _throughTable ? default : _embedding.Output(steps, batch);
            var dIn = l == 0 && (_embedding is null || _throughTable) ? Span<float>.Empty : below.AsSpan(0, steps * batch * _layers[l].InputSize);
            _layers[l].Backward(layerInput, top ? default : above.AsSpan(0, sequence), top ? dHead : default, dIn, steps, batch);
            if (l == 0)
            {
                if (!_throughTable) _embedding?.Backward(dIn, steps, batch);
                break;
            }
            if (dropout) TensorPrimitives.Multiply(dIn, _layerMasks[l].AsSpan(0, sequence), dIn);
            (above, below) = (below, above);
        }
        return new BatchLoss(loss + ApplyL2(), correct);
    }

    /// <summary>The batch loss in evaluation mode (no dropout, no gradients): Keras' <c>val_loss</c> for
    /// this batch, with the L2 penalty, and the right answers.</summary>
    public BatchLoss Evaluate(SequenceBatch input, ReadOnlySpan<float> targets)
    {
        int batch = input.Batch;
        CheckTargets(targets, batch);
        Forward(input, training: false, rng: null);
        var logits = _logits.AsSpan(0, batch * Spec.Outputs);
        return new BatchLoss(_loss.Compute(logits, targets, batch, default) + L2Penalty(), _loss.CountCorrect(logits, targets, batch));
    }

    /// <summary>Predictions in evaluation mode (no dropout), [B][K]: values (linear head) or class
    /// probabilities (sigmoid: P(label 1); softmax: one per class).</summary>
    public void Predict(SequenceBatch input, Span<float> predictions)
    {
        int need = input.Batch * Spec.Outputs;
        if (predictions.Length < need) throw new ArgumentException($"predictions has {predictions.Length} slots, [B={input.Batch}][K={Spec.Outputs}] needs {need}", nameof(predictions));
        Forward(input, training: false, rng: null);
        _loss.Activate(_logits.AsSpan(0, need), predictions, input.Batch);
    }

    /// <summary>The L2 penalty l2·Σw² over the weight matrices.</summary>
    public double L2Penalty()
    {
        if (Spec.L2 == 0f) return 0;
        double sum = 0;
        foreach (var t in _kernels) sum += FixedOrderSum.SumOfSquares(Parameters.Value(t));
        return Spec.L2 * sum;
    }

    /// <summary>The top layer's outputs of the last forward pass, [T][B][OutputSize] (both directions
    /// concatenated, forward first).</summary>
    public ReadOnlySpan<float> TopLayerOutput(int steps, int batch) => _layers[^1].Output(steps, batch);

    /// <summary>Runs the network up to the logits (kept in <see cref="_logits"/>); <paramref name="training"/> turns dropout on.</summary>
    private void Forward(SequenceBatch input, bool training, Xoshiro256StarStar? rng)
    {
        if (training && rng is null) throw new ArgumentNullException(nameof(rng), "training needs a random generator for dropout");
        CheckInput(input);
        int steps = input.Steps, batch = input.Batch;
        EnsureCapacity(steps, batch);
        bool dropout = training && Spec.Dropout > 0f;
        _throughTable = _embedding is not null && EmbeddingProjection.UsesTable(_embedding.Vocabulary, steps * batch);
        ReadOnlySpan<float> layerInput = default;
        if (_throughTable) _embedding!.Read(input.Tokens, steps, batch);
        else layerInput = _embedding is not null ? _embedding.Forward(input.Tokens, steps, batch) : input.Features[..(steps * batch * Spec.InputSize)];
        for (int l = 0; l < _layers.Length; l++)
        {
            if (l == 0 && _throughTable)
            {
                _layers[0].ForwardTokens(_embedding!, steps, batch, training, rng);
                continue;
            }
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

        int row = batch * Spec.OutputSize;
        var headInput = _headInput.AsSpan(0, row);
        _layers[^1].CopyFinalState(steps, batch, headInput);
        if (dropout)
        {
            var mask = _headMask.AsSpan(0, row);
            RecurrentLayer.FillDropoutMask(mask, Spec.Dropout, rng!);
            TensorPrimitives.Multiply(headInput, mask, headInput);
        }
        _head.Forward(headInput, batch, _logits);
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

    private void CheckInput(SequenceBatch input)
    {
        int steps = input.Steps, batch = input.Batch;
        if (_embedding is not null)
        {
            if (!input.IsTokens) throw new ArgumentException("this model reads token ids (it starts with an embedding), got features", nameof(input));
            if (input.Tokens.Length < steps * batch)
                throw new ArgumentException($"tokens has {input.Tokens.Length} ids; [T={steps}][B={batch}] needs {steps * batch}", nameof(input));
            return;
        }
        if (input.IsTokens) throw new ArgumentException($"this model reads {Spec.InputSize} features per step, got token ids (it has no embedding)", nameof(input));
        long need = (long)steps * batch * Spec.InputSize;
        if (input.Features.Length < need)
            throw new ArgumentException($"input has {input.Features.Length} values; [T={steps}][B={batch}][D={Spec.InputSize}] needs {need}", nameof(input));
    }

    private void CheckTargets(ReadOnlySpan<float> targets, int batch)
    {
        if (targets.Length < batch) throw new ArgumentException($"targets has {targets.Length} values, batch is {batch}", nameof(targets));
        CheckTargets(targets[..batch]);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first target the head's loss cannot take
    /// (a non-finite value; a label outside 0..1; a class index outside 0..K−1).</summary>
    public void CheckTargets(ReadOnlySpan<float> targets) => _loss.CheckTargets(targets);
}
