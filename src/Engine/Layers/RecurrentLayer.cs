using System.Numerics.Tensors;
using Tuner.Engine.Rng;
using Tuner.Engine.Tensors;

namespace Tuner.Engine.Layers;

/// <summary>What LSTM and GRU share: PyTorch-named parameters (<c>weight_ih_l{k}</c> [G·U][D],
/// <c>weight_hh_l{k}</c> [G·U][U], <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c>, G gates; with the suffix
/// <c>_reverse</c> for the backward direction of a bidirectional layer), the input projection of all
/// time steps as one product before the loop, one fused recurrent product per step for all gates over
/// the whole batch (against a pre-packed W_hh), Keras-style recurrent dropout (one mask per sequence
/// on h), and the weight gradients as single batched products after the backward loop. Subclasses
/// supply the per-step gate math.</summary>
/// <remarks>A reverse layer reads the sequence from its last step to its first. Every buffer stays in
/// time order either way; only the order of the steps and the slot holding h_{t−1} change (see
/// <see cref="PreviousSlot"/>), so the products and kernels are the same for both directions.</remarks>
internal abstract class RecurrentLayer : IRecurrentLayer
{
    private readonly ParameterSet _parameters;
    private readonly PackedMatrix _forwardWeights;   // op(B) = W_hhᵀ: [U × G·U]
    private readonly PackedMatrix _backwardWeights;  // op(B) = W_hh:  [G·U × U]
    private readonly float _recurrentDropout;
    private float[] _recurrentInputs = [];  // [T][B][U] masked h_{t−1} of step t (only with recurrent dropout)
    private float[] _recurrentMask = [];    // [B][U] 0 or 1/(1−p), fixed over the sequence
    private float[] _maskedProduct = [];    // [B][U] scratch for the masked backward product
    private float[] _noGradient = [];       // [B][U] zeros: dLoss/dh_t from above when only the final state has one
    private readonly float[] _projectionBias;         // [G·U] the bias every step's input projection gets
    private readonly float[] _inputBiasGradient;      // [G·U] column sums of dG_in, gathered step by step
    private readonly float[] _recurrentBiasGradient;  // [G·U] column sums of dG_rec (GRU; the LSTM's are dG_in's)
    private bool _maskActive;
    private int _steps;
    private EmbeddingLayer? _tokenSource;             // set while the last forward pass projected through its table
    private float[] _tableProjection = [];            // [V][G·U] E·W_ihᵀ, each token's input projection
    private float[] _tableProjectionGradient = [];    // [V][G·U] dG_in summed per token

    protected RecurrentLayer(ParameterSet parameters, int layerIndex, int inputSize, int units, int gateCount,
        float recurrentDropout, bool reverse, ComputeTeam? team)
    {
        _parameters = parameters;
        InputSize = inputSize;
        Units = units;
        GateCount = gateCount;
        Reverse = reverse;
        Team = team;
        _recurrentDropout = recurrentDropout;
        string suffix = reverse ? "_reverse" : "";
        InputWeights = parameters.Declare($"weight_ih_l{layerIndex}{suffix}", gateCount * units, inputSize, isKernel: true);
        RecurrentWeights = parameters.Declare($"weight_hh_l{layerIndex}{suffix}", gateCount * units, units, isKernel: true);
        InputBias = parameters.Declare($"bias_ih_l{layerIndex}{suffix}", 1, gateCount * units, isKernel: false);
        RecurrentBias = parameters.Declare($"bias_hh_l{layerIndex}{suffix}", 1, gateCount * units, isKernel: false);
        _forwardWeights = new PackedMatrix(Transpose.Yes, units, gateCount * units);
        _backwardWeights = new PackedMatrix(Transpose.No, gateCount * units, units);
        _projectionBias = new float[gateCount * units];
        _inputBiasGradient = new float[gateCount * units];
        _recurrentBiasGradient = new float[gateCount * units];
    }

    public int InputSize { get; }
    public int Units { get; }
    public int OutputSize => Units;

    /// <summary>True when the layer reads the sequence backwards (the second half of a bidirectional layer).</summary>
    public bool Reverse { get; }
    protected int GateCount { get; }
    protected int GateWidth => GateCount * Units;
    protected ComputeTeam? Team { get; }
    public ParameterTensor InputWeights { get; }
    public ParameterTensor RecurrentWeights { get; }
    public ParameterTensor InputBias { get; }
    public ParameterTensor RecurrentBias { get; }
    protected ParameterSet Parameters => _parameters;

    /// <summary>[T][B][G·U]: the input projection, then the gate activations, then (backward) the
    /// gradients with respect to the input-side pre-activations.</summary>
    protected float[] Gates { get; private set; } = [];

    /// <summary>[(T+1)][B][U] state slots: h_t is in <see cref="StateSlot"/>(t); the zero initial state is
    /// slot 0 (forward) or slot T (reverse).</summary>
    protected float[] Hidden { get; private set; } = [];

    /// <summary>[B][U]: dLoss/dh_{t} arriving through the recurrence.</summary>
    protected float[] RecurrentGradient { get; private set; } = [];

    protected int CapacitySteps { get; private set; }
    protected int CapacityBatch { get; private set; }

    /// <summary>The state slot that holds h_t (and, for the LSTM, c_t).</summary>
    protected int StateSlot(int t) => Reverse ? t : t + 1;

    /// <summary>The state slot step t reads as h_{t−1}: the previous step in reading order.</summary>
    protected int PreviousSlot(int t) => Reverse ? t + 1 : t;

    public void EnsureCapacity(int steps, int batch)
    {
        if (steps <= CapacitySteps && batch <= CapacityBatch) return;
        CapacitySteps = Math.Max(steps, CapacitySteps);
        CapacityBatch = Math.Max(batch, CapacityBatch);
        int rows = CapacitySteps * CapacityBatch;
        Gates = new float[rows * GateWidth];
        Hidden = new float[(CapacitySteps + 1) * CapacityBatch * Units];
        RecurrentGradient = new float[CapacityBatch * Units];
        _recurrentMask = new float[CapacityBatch * Units];
        _maskedProduct = new float[CapacityBatch * Units];
        _noGradient = new float[CapacityBatch * Units];
        if (_recurrentDropout > 0) _recurrentInputs = new float[rows * Units];
        AllocateCellBuffers(CapacitySteps, CapacityBatch);
    }

    /// <summary>Cell-specific buffers, sized for the capacity.</summary>
    protected abstract void AllocateCellBuffers(int steps, int batch);

    /// <summary>The bias added to the input projection of every step (LSTM: both biases; GRU: b_ih only).</summary>
    protected abstract void ProjectionBias(Span<float> bias);

    /// <summary>One time step: <see cref="Gates"/> row block t holds the input projection; compute h_t into
    /// <see cref="StateSlot"/>(t). <paramref name="recurrentInput"/> is h_{t−1} as the recurrent product sees
    /// it (masked under recurrent dropout); on the first step read it is the zero initial state.</summary>
    protected abstract void ForwardStep(int t, int batch, ReadOnlySpan<float> recurrentInput, bool isFirstStep);

    /// <summary>One backward step: turns step t's stored activations into gradients, reading
    /// <paramref name="outputGradient"/> (dLoss/dh_t from above) and <see cref="RecurrentGradient"/>.</summary>
    protected abstract void BackwardStep(int t, int batch, ReadOnlySpan<float> outputGradient);

    /// <summary>[T][B][G·U] gradients w.r.t. the recurrent-side pre-activations (what multiplies W_hh).</summary>
    protected abstract Span<float> RecurrentSideGradients(int rows);

    /// <summary>True when dh_{t−1} keeps a direct term (GRU's z⊙h) that the recurrent product adds to.</summary>
    protected abstract bool AccumulatesRecurrentGradient { get; }

    public Span<float> Output(int steps, int batch) => Hidden.AsSpan((Reverse ? 0 : 1) * batch * Units, steps * batch * Units);

    /// <summary>The state after the last step read, [B][U]: h_{T−1} forward, h_0 reverse.</summary>
    public ReadOnlySpan<float> FinalState(int steps, int batch) =>
        Hidden.AsSpan(StateSlot(Reverse ? 0 : steps - 1) * batch * Units, batch * Units);

    public void CopyFinalState(int steps, int batch, Span<float> destination) => FinalState(steps, batch).CopyTo(destination);

    public void Forward(ReadOnlySpan<float> input, int steps, int batch, bool training, Xoshiro256StarStar? rng)
    {
        BeginForward(steps, batch, training);
        _tokenSource = null;
        // Input projection for all steps at once: Gates = X·W_ihᵀ. The bias joins each step's rows just
        // before that step (they are then in cache), not all rows here: one pass over [T·B][G·U] less.
        var values = _parameters.Values;
        Gemm.Multiply(Transpose.No, Transpose.Yes, steps * batch, GateWidth, InputSize, 1f, input, InputSize,
            values.AsSpan(InputWeights.Offset, InputWeights.Length), InputSize, 0f, Gates.AsSpan(0, steps * batch * GateWidth), GateWidth, Team);
        RunSteps(steps, batch, training, rng);
    }

    /// <summary>As <see cref="Forward"/> on the rows of <paramref name="embedding"/>'s table its last
    /// <see cref="EmbeddingLayer.Read"/> named (<see cref="EmbeddingProjection.ThroughTable"/>): the table is
    /// projected once, E·W_ihᵀ, and each step gathers its tokens' rows. The backward pass that follows writes
    /// the table's gradient itself.</summary>
    public void ForwardTokens(EmbeddingLayer embedding, int steps, int batch, bool training, Xoshiro256StarStar? rng)
    {
        if (embedding.Dimension != InputSize) throw new ArgumentException($"the embedding has {embedding.Dimension} dimensions, the layer reads {InputSize}", nameof(embedding));
        BeginForward(steps, batch, training);
        _tokenSource = embedding;
        int vocabulary = embedding.Vocabulary;
        if (_tableProjection.Length < vocabulary * GateWidth)
        {
            _tableProjection = new float[vocabulary * GateWidth];
            _tableProjectionGradient = new float[vocabulary * GateWidth];
        }
        Gemm.Multiply(Transpose.No, Transpose.Yes, vocabulary, GateWidth, InputSize, 1f, _parameters.Value(embedding.Table), InputSize,
            _parameters.Value(InputWeights), InputSize, 0f, _tableProjection.AsSpan(0, vocabulary * GateWidth), GateWidth, Team);
        RunSteps(steps, batch, training, rng);
    }

    private void BeginForward(int steps, int batch, bool training)
    {
        EnsureCapacity(steps, batch);
        _steps = steps;
        var recurrent = _parameters.Value(RecurrentWeights);
        _forwardWeights.Pack(recurrent, Units);
        if (training) _backwardWeights.Pack(recurrent, Units);
    }

    /// <summary>The steps in reading order, each first completing its rows of <see cref="Gates"/>' input
    /// projection: the bias added (or, through the table, the tokens' projected rows gathered with it).</summary>
    private void RunSteps(int steps, int batch, bool training, Xoshiro256StarStar? rng)
    {
        var gates = Gates.AsSpan(0, steps * batch * GateWidth);
        var bias = _projectionBias.AsSpan();
        ProjectionBias(bias);
        ReadOnlySpan<int> tokens = _tokenSource is null ? default : _tokenSource.Tokens;
        ReadOnlySpan<float> table = _tableProjection;

        int stride = batch * Units;
        int first = Reverse ? steps - 1 : 0;
        Hidden.AsSpan(PreviousSlot(first) * stride, stride).Clear();
        _maskActive = training && _recurrentDropout > 0;
        if (_maskActive) FillDropoutMask(_recurrentMask.AsSpan(0, stride), _recurrentDropout, rng!);

        for (int i = 0; i < steps; i++)
        {
            int t = Reverse ? steps - 1 - i : i;
            ReadOnlySpan<float> hPrev = Hidden.AsSpan(PreviousSlot(t) * stride, stride);
            if (_maskActive)
            {
                var masked = _recurrentInputs.AsSpan(t * stride, stride);
                TensorPrimitives.Multiply(hPrev, _recurrentMask.AsSpan(0, stride), masked);
                hPrev = masked;
            }
            var block = gates.Slice(t * batch * GateWidth, batch * GateWidth);
            for (int b = 0; b < batch; b++)
            {
                var row = block.Slice(b * GateWidth, GateWidth);
                if (tokens.IsEmpty) TensorPrimitives.Add(row, bias, row);
                else TensorPrimitives.Add(table.Slice(tokens[t * batch + b] * GateWidth, GateWidth), bias, row);
            }
            ForwardStep(t, batch, hPrev, isFirstStep: i == 0);
        }
    }

    /// <summary>G_t (+)= recurrentInput · W_hhᵀ for one step, into <paramref name="destination"/> ([B][G·U]).</summary>
    protected void RecurrentProduct(ReadOnlySpan<float> recurrentInput, int batch, float beta, Span<float> destination) =>
        Gemm.Multiply(batch, 1f, recurrentInput, Units, _forwardWeights, beta, destination, GateWidth, Team);

    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> sequenceGradient, ReadOnlySpan<float> finalGradient,
        Span<float> inputGradient, int steps, int batch) =>
        Backward(input, sequenceGradient, finalGradient, inputGradient, accumulateInputGradient: false, steps, batch);

    /// <summary>As <see cref="IRecurrentLayer.Backward"/>; with <paramref name="accumulateInputGradient"/>
    /// dLoss/dInput is added to <paramref name="inputGradient"/> (a bidirectional layer's second direction).
    /// After <see cref="ForwardTokens"/>, <paramref name="input"/> and <paramref name="inputGradient"/> are not
    /// read: the gradient is added to the embedding table's.</summary>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> sequenceGradient, ReadOnlySpan<float> finalGradient,
        Span<float> inputGradient, bool accumulateInputGradient, int steps, int batch)
    {
        if (steps != _steps) throw new InvalidOperationException($"backward over {steps} steps after a forward pass over {_steps}");
        int rows = steps * batch;
        int stride = batch * Units;
        var dhRec = RecurrentGradient.AsSpan(0, stride);
        if (finalGradient.IsEmpty) dhRec.Clear();
        else finalGradient[..stride].CopyTo(dhRec);
        ReadOnlySpan<float> noGradient = _noGradient.AsSpan(0, stride);
        var allRec = RecurrentSideGradients(rows);
        bool shared = allRec == Gates.AsSpan(0, rows * GateWidth);
        _inputBiasGradient.AsSpan().Clear();
        _recurrentBiasGradient.AsSpan().Clear();
        if (_tokenSource is not null) _tableProjectionGradient.AsSpan(0, _tokenSource.Vocabulary * GateWidth).Clear();
        int chunks = WeightGradientChunks(steps, batch);
        int chunk = chunks - 1;   // the chunk of steps (in reading order) the loop is in
        BeginBackward(batch);
        for (int i = steps - 1; i >= 0; i--)
        {
            int t = Reverse ? steps - 1 - i : i;
            BackwardStep(t, batch, sequenceGradient.IsEmpty ? noGradient : sequenceGradient.Slice(t * stride, stride));
            // The bias gradients are column sums of the step's gradients, added while they are in cache. The
            // LSTM adds both biases before the gates, so its two bias gradients are one sum.
            var dGrec = allRec.Slice(t * batch * GateWidth, batch * GateWidth);
            RowOps.AddColumnSums(Gates.AsSpan(t * batch * GateWidth, batch * GateWidth), batch, GateWidth, _inputBiasGradient);
            if (!shared) RowOps.AddColumnSums(dGrec, batch, GateWidth, _recurrentBiasGradient);
            int first = chunk * steps / chunks;
            if (i == first)
            {
                int count = (chunk + 1) * steps / chunks - first;
                AccumulateWeightGradients(input, inputGradient, accumulateInputGradient, Reverse ? steps - first - count : first, count, steps, batch);
                chunk--;
            }
            if (i == 0) break;
            // dh_{t−1} = dG_rec,t · W_hh (⊙ mask), plus the cell's direct term when it has one.
            if (_maskActive)
            {
                var product = _maskedProduct.AsSpan(0, stride);
                Gemm.Multiply(batch, 1f, dGrec, GateWidth, _backwardWeights, 0f, product, Units, Team);
                var mask = _recurrentMask.AsSpan(0, stride);
                if (AccumulatesRecurrentGradient) TensorPrimitives.MultiplyAdd(product, mask, dhRec, dhRec);
                else TensorPrimitives.Multiply(product, mask, dhRec);
            }
            else
            {
                Gemm.Multiply(batch, 1f, dGrec, GateWidth, _backwardWeights, AccumulatesRecurrentGradient ? 1f : 0f, dhRec, Units, Team);
            }
        }
        var inputBias = _parameters.Gradients.AsSpan(InputBias.Offset, InputBias.Length);
        var recurrentBias = _parameters.Gradients.AsSpan(RecurrentBias.Offset, RecurrentBias.Length);
        TensorPrimitives.Add(inputBias, _inputBiasGradient, inputBias);
        TensorPrimitives.Add(recurrentBias, shared ? _inputBiasGradient : _recurrentBiasGradient, recurrentBias);
        if (_tokenSource is not null) AccumulateTableGradients(_tokenSource);
    }

    /// <summary>Through the table, from dP (dG_in summed per token, [V][G·U]): dW_ih += dPᵀ·E and
    /// dE += dP·W_ih, the per-row products' sums regrouped by token.</summary>
    private void AccumulateTableGradients(EmbeddingLayer embedding)
    {
        int vocabulary = embedding.Vocabulary;
        ReadOnlySpan<float> dP = _tableProjectionGradient.AsSpan(0, vocabulary * GateWidth);
        Gemm.Multiply(Transpose.Yes, Transpose.No, GateWidth, InputSize, vocabulary, 1f, dP, GateWidth, _parameters.Value(embedding.Table), InputSize, 1f,
            _parameters.Gradient(InputWeights), InputSize, Team);
        Gemm.Multiply(Transpose.No, Transpose.No, vocabulary, InputSize, GateWidth, 1f, dP, GateWidth, _parameters.Value(InputWeights), InputSize, 1f,
            _parameters.Gradient(embedding.Table), InputSize, Team);
    }

    /// <summary>Gate-gradient rows one weight-gradient product takes: deep enough (k ≈ 256) for the product
    /// to run near the kernel's peak, few enough that the rows are still in cache from the backward steps
    /// that just wrote them (over a whole long sequence these products streamed the gradients from memory,
    /// and on a shared machine ran at half the speed).</summary>
    private const int WeightGradientRows = 256;

    /// <summary>How many products the weight gradients of a sequence are split into: chunks of whole steps of
    /// about <see cref="WeightGradientRows"/> rows each (one chunk for short sequences).</summary>
    private static int WeightGradientChunks(int steps, int batch) => Math.Max(1, steps / ((WeightGradientRows + batch - 1) / batch));

    /// <summary>Resets per-sequence backward state (e.g. the LSTM's cell-gradient carry).</summary>
    protected virtual void BeginBackward(int batch) { }

    /// <summary>The weight gradients and dLoss/dInput of the steps <paramref name="from"/> … from + count − 1
    /// (time order), once their gate gradients are final: dW_hh += Σ dG_rec,tᵀ · h_{t−1} over those steps that
    /// read a real state (the first step read reads zeros), dW_ih += Σ dG_in,tᵀ · x_t, dX_t = dG_in,t · W_ih.</summary>
    private void AccumulateWeightGradients(ReadOnlySpan<float> input, Span<float> inputGradient, bool accumulateInputGradient,
        int from, int count, int steps, int batch)
    {
        int rows = count * batch, row0 = from * batch, stride = batch * Units;
        var grads = _parameters.Gradients;
        var dGin = Gates.AsSpan(row0 * GateWidth, rows * GateWidth);

        int first = from, end = from + count;
        if (!Reverse && first == 0) first = 1;
        if (Reverse && end == steps) end = steps - 1;
        if (end > first)
        {
            int n = end - first;
            ReadOnlySpan<float> recIn = _maskActive
                ? _recurrentInputs.AsSpan(first * stride, n * stride)
                : Hidden.AsSpan(PreviousSlot(first) * stride, n * stride);
            Gemm.Multiply(Transpose.Yes, Transpose.No, GateWidth, Units, n * batch, 1f,
                RecurrentSideGradients(steps * batch).Slice(first * batch * GateWidth, n * batch * GateWidth), GateWidth, recIn, Units, 1f,
                grads.AsSpan(RecurrentWeights.Offset, RecurrentWeights.Length), Units, Team);
        }

        if (_tokenSource is not null)
        {
            // Through the table the input-side products wait for the whole sequence: gather the rows per token now, in cache.
            var tokens = _tokenSource.Tokens.Slice(row0, rows);
            var dP = _tableProjectionGradient.AsSpan();
            for (int r = 0; r < rows; r++)
            {
                var sum = dP.Slice(tokens[r] * GateWidth, GateWidth);
                TensorPrimitives.Add(sum, dGin.Slice(r * GateWidth, GateWidth), sum);
            }
            return;
        }

        Gemm.Multiply(Transpose.Yes, Transpose.No, GateWidth, InputSize, rows, 1f, dGin, GateWidth, input.Slice(row0 * InputSize, rows * InputSize), InputSize, 1f,
            grads.AsSpan(InputWeights.Offset, InputWeights.Length), InputSize, Team);

        if (!inputGradient.IsEmpty)
            Gemm.Multiply(Transpose.No, Transpose.No, rows, InputSize, GateWidth, 1f, dGin, GateWidth,
                _parameters.Values.AsSpan(InputWeights.Offset, InputWeights.Length), InputSize, accumulateInputGradient ? 1f : 0f,
                inputGradient.Slice(row0 * InputSize, rows * InputSize), InputSize, Team);
    }

    /// <summary>Inverted dropout: each entry is 0 with probability <paramref name="rate"/>, else 1/(1−rate).</summary>
    internal static void FillDropoutMask(Span<float> mask, float rate, Xoshiro256StarStar rng)
    {
        float keep = 1f / (1f - rate);
        for (int i = 0; i < mask.Length; i++)
            mask[i] = rng.NextFloat() < rate ? 0f : keep;
    }
}
