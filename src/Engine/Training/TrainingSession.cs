using System.Diagnostics;
using Tuner.Engine.Data;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Rng;
using Tuner.Engine.Tensors;

namespace Tuner.Engine.Training;

/// <summary>A model being trained: weights, optimizer state, the generator that shuffles and draws
/// dropout masks, and the history. Trains epoch by epoch (shuffled mini-batches, the last one
/// partial as in Keras, validation at each epoch's end), stops on a NaN/∞ loss, can be cancelled
/// between batches, and saves/restores its complete state so that training 3 epochs, restoring
/// and training 2 more is bit-identical to training 5. Single-threaded runs are deterministic.</summary>
public sealed class TrainingSession : IDisposable
{
    private readonly ComputeTeam? _team;
    private readonly Xoshiro256StarStar _rng;
    private readonly List<EpochRecord> _history;
    private float[] _batchInputs = [];   // [T][B][F] features of the batch being trained or evaluated
    private int[] _batchTokens = [];     // [T][B] its token ids, for a model with an embedding
    private float[] _batchTargets = [];
    private int[] _order = [];
    private int[] _evalIndices = [];

    private TrainingSession(ModelSpec model, OptimizerSpec optimizer, int batchSize, int threads, Xoshiro256State rng, List<EpochRecord> history)
    {
        if (batchSize < 1) throw new ArgumentException($"batchSize must be >= 1, got {batchSize}", nameof(batchSize));
        if (threads < 1) throw new ArgumentException($"threads must be >= 1, got {threads}", nameof(threads));
        _team = threads > 1 ? new ComputeTeam(threads) : null;
        Model = new RecurrentModel(model, _team);
        Optimizer = Optimizer.Create(optimizer, Model.Parameters.Count);
        BatchSize = batchSize;
        _rng = new Xoshiro256StarStar(rng);
        _history = history;
    }

    /// <summary>A fresh model with Keras' initialization drawn from <paramref name="seed"/>.</summary>
    public static TrainingSession Create(ModelSpec model, OptimizerSpec optimizer, int batchSize, ulong seed, int threads = 1)
    {
        // Two streams from one seed: one draws the initial weights, the other shuffles and drops out.
        var init = new Xoshiro256StarStar(seed);
        var training = new Xoshiro256StarStar(seed ^ 0x5DEECE66DUL).GetState();
        var session = new TrainingSession(model, optimizer, batchSize, threads, training, []);
        KerasInitializer.Initialize(session.Model, init);
        return session;
    }

    /// <summary>Continues from a checkpoint written by <see cref="SaveCheckpoint"/>.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, a corrupt one, or an unsupported version.</exception>
    public static TrainingSession Restore(ReadOnlySpan<byte> checkpoint, int threads = 1)
    {
        var c = CheckpointCodec.Decode(checkpoint);
        var session = new TrainingSession(c.Model, c.Optimizer, c.BatchSize, threads, c.Rng, [.. c.History]);
        if (c.Parameters.Length != session.Model.Parameters.Count || c.OptimizerState.Length != session.Optimizer.State.Length)
            throw new InvalidDataException($"checkpoint holds {c.Parameters.Length} parameters, the model it describes has {session.Model.Parameters.Count}");
        c.Parameters.CopyTo(session.Model.Parameters.Values, 0);
        for (int s = 0; s < c.OptimizerState.Length; s++) c.OptimizerState[s].CopyTo(session.Optimizer.State[s], 0);
        session.Optimizer.Steps = c.OptimizerSteps;
        session.EpochsCompleted = c.EpochsCompleted;
        return session;
    }

    public RecurrentModel Model { get; }

    public Optimizer Optimizer { get; }

    public int BatchSize { get; }

    public int EpochsCompleted { get; private set; }

    public IReadOnlyList<EpochRecord> History => _history;

    public byte[] SaveCheckpoint() => CheckpointCodec.Encode(new CheckpointContent(
        Model.Spec, Optimizer.Spec, BatchSize, EpochsCompleted, Optimizer.Steps, _rng.GetState(), [.. _history],
        (float[])Model.Parameters.Values.Clone(), [.. Optimizer.State.Select(s => (float[])s.Clone())]));

    /// <summary>Trains until <paramref name="untilEpoch"/> epochs are complete (in total, counting
    /// epochs before a restore). <paramref name="onEpoch"/> runs after each epoch — the place to checkpoint.</summary>
    public TrainingResult Train(PreparedData data, int untilEpoch, Action<EpochRecord>? onEpoch = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Train(data.Train, data.Validation, untilEpoch, onEpoch, cancellation);
    }

    /// <summary>Trains on <paramref name="train"/> until <paramref name="untilEpoch"/> epochs are complete,
    /// evaluating on <paramref name="validation"/> (if any, and not empty) after each epoch.</summary>
    /// <exception cref="ArgumentException">The data does not fit the model (features, tokens, labels), naming what differs.</exception>
    public TrainingResult Train(SequenceDataset train, SequenceDataset? validation, int untilEpoch, Action<EpochRecord>? onEpoch = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        CheckFits(train, "training");
        if (validation is not null) CheckFits(validation, "validation");
        if (_order.Length != train.Count) _order = new int[train.Count];
        EnsureBuffers(train, LargestBatch(train));

        while (EpochsCompleted < untilEpoch)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < _order.Length; i++) _order[i] = i;
            _rng.Shuffle(_order.AsSpan());
            double lossSum = 0;
            long correct = 0;
            for (int start = 0; start < _order.Length; start += BatchSize)
            {
                if (cancellation.IsCancellationRequested) return Result(TrainingStatus.Cancelled, "cancelled");
                int batch = Math.Min(BatchSize, _order.Length - start);
                var step = TrainStep(train, _order.AsSpan(start, batch));
                if (!double.IsFinite(step.Loss))
                    return Result(TrainingStatus.Diverged, $"training loss became {step.Loss} in epoch {EpochsCompleted + 1}");
                lossSum += step.Loss * batch;
                correct += step.Correct;
            }
            var evaluation = validation is { Count: > 0 } ? Evaluate(validation) : null;
            if (evaluation is { Loss: var v } && !double.IsFinite(v))
                return Result(TrainingStatus.Diverged, $"validation loss became {v} in epoch {EpochsCompleted + 1}");
            double? accuracy = Model.HasAccuracy ? (double)correct / _order.Length : null;
            var record = new EpochRecord(EpochsCompleted + 1, lossSum / _order.Length, evaluation?.Loss, clock.Elapsed.TotalSeconds,
                accuracy, evaluation?.Accuracy);
            _history.Add(record);
            EpochsCompleted++;
            onEpoch?.Invoke(record);
        }
        return Result(TrainingStatus.Completed, null);
    }

    /// <summary>One optimizer step on the given samples; returns the batch loss (head loss + L2) and right answers.</summary>
    internal BatchLoss TrainStep(SequenceDataset data, ReadOnlySpan<int> samples)
    {
        EnsureBuffers(data, samples.Length);
        var batch = data.GatherTimeMajor(samples, _batchInputs, _batchTokens, _batchTargets);
        var loss = Model.ComputeGradients(batch, _batchTargets.AsSpan(0, samples.Length), _rng);
        if (double.IsFinite(loss.Loss)) Optimizer.Step(Model.Parameters.Values, Model.Parameters.Gradients);
        return loss;
    }

    /// <summary>The loss over every sample (head loss + L2 penalty) — Keras' <c>val_loss</c> — and, for the
    /// classification heads, the accuracy (<c>val_accuracy</c>).</summary>
    public Evaluation Evaluate(SequenceDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFits(data, "evaluation");
        EnsureBuffers(data, LargestBatch(data));
        double sum = 0;
        long correct = 0;
        for (int start = 0; start < data.Count; start += BatchSize)
        {
            var batch = GatherInOrder(data, start);
            var loss = Model.Evaluate(batch, _batchTargets.AsSpan(0, batch.Batch));
            sum += loss.Loss * batch.Batch;
            correct += loss.Correct;
        }
        return new Evaluation(sum / data.Count, Model.HasAccuracy ? (double)correct / data.Count : null);
    }

    /// <summary>Predictions for every sample, <c>[Count][K]</c>: values in the data's (standardized) units
    /// for the linear head, class probabilities for the others (sigmoid: P(label 1)).</summary>
    public float[] Predict(SequenceDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFits(data, "prediction");
        EnsureBuffers(data, LargestBatch(data));
        int k = Model.Spec.Outputs;
        var result = new float[(long)data.Count * k];
        for (int start = 0; start < data.Count; start += BatchSize)
        {
            var batch = GatherInOrder(data, start);
            Model.Predict(batch, result.AsSpan(start * k, batch.Batch * k));
        }
        return result;
    }

    /// <summary>Samples start… of <paramref name="data"/>, at most a batch, in their order.</summary>
    private SequenceBatch GatherInOrder(SequenceDataset data, int start)
    {
        int batch = Math.Min(BatchSize, data.Count - start);
        var indices = _evalIndices.AsSpan(0, batch);
        for (int i = 0; i < batch; i++) indices[i] = start + i;
        return data.GatherTimeMajor(indices, _batchInputs, _batchTokens, _batchTargets);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> saying how <paramref name="data"/> does not fit the model.</summary>
    private void CheckFits(SequenceDataset data, string what)
    {
        var spec = Model.Spec;
        if (spec.Embedding is { } embedding)
        {
            if (!data.IsTokens) throw new ArgumentException($"the {what} data has {data.Features} features per step; the model reads token ids (it starts with an embedding)");
            if (data is TokenSequenceDataset tokens && tokens.MaxToken >= embedding.Vocabulary)
                throw new ArgumentException($"the {what} data has token id {tokens.MaxToken}; the model's vocabulary is 0..{embedding.Vocabulary - 1}");
        }
        else if (data.IsTokens)
        {
            throw new ArgumentException($"the {what} data holds token ids; the model reads {spec.InputSize} features per step (it has no embedding)");
        }
        else if (data.Features != spec.InputSize)
        {
            throw new ArgumentException($"the {what} data has {data.Features} features per step, the model expects {spec.InputSize}");
        }
        try
        {
            Model.CheckTargets(data.Targets);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"the {what} data's labels do not fit the {spec.Head} head: {e.Message}", e);
        }
    }

    /// <summary>The largest batch taken from <paramref name="data"/>: a batch size above its sample count would only size
    /// memory never used (and, times window and features, could pass an int; the samples' values fit one array).</summary>
    private int LargestBatch(SequenceDataset data) => Math.Min(BatchSize, data.Count);

    /// <summary>Buffers for batches of up to <paramref name="batch"/> samples of <paramref name="data"/>.</summary>
    private void EnsureBuffers(SequenceDataset data, int batch)
    {
        if (data.IsTokens)
        {
            if (_batchTokens.Length < batch * data.Window) _batchTokens = new int[batch * data.Window];
        }
        else if (_batchInputs.Length < batch * data.Window * data.Features)
        {
            _batchInputs = new float[batch * data.Window * data.Features];
        }
        if (_batchTargets.Length < batch) _batchTargets = new float[batch];
        if (_evalIndices.Length < batch) _evalIndices = new int[batch];
        Model.EnsureCapacity(data.Window, batch);
    }

    private TrainingResult Result(TrainingStatus status, string? reason) => new(status, [.. _history], EpochsCompleted, reason);

    public void Dispose() => _team?.Dispose();
}
