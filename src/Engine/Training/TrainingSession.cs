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
    private float[] _batchInputs = [];
    private float[] _batchTargets = [];
    private float[] _predictions = [];
    private int[] _order = [];
    private int[] _evalIndices = [];

    private TrainingSession(ModelSpec model, OptimizerSpec optimizer, int batchSize, int threads, Xoshiro256State rng, List<EpochRecord> history)
    {
        if (batchSize < 1) throw new ArgumentException($"batchSize must be >= 1, got {batchSize}", nameof(batchSize));
        if (threads < 1) throw new ArgumentException($"threads must be >= 1, got {threads}", nameof(threads));
        _team = threads > 1 ? new ComputeTeam(threads) : null;
        Model = new RecurrentRegressor(model, _team);
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

    public RecurrentRegressor Model { get; }

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
        var train = data.Train;
        if (train.Features != Model.Spec.InputSize)
            throw new ArgumentException($"the data has {train.Features} features per step, the model expects {Model.Spec.InputSize}");
        if (_order.Length != train.Count) _order = new int[train.Count];
        EnsureBuffers(train.Window, train.Features);

        while (EpochsCompleted < untilEpoch)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < _order.Length; i++) _order[i] = i;
            _rng.Shuffle(_order.AsSpan());
            double lossSum = 0;
            for (int start = 0; start < _order.Length; start += BatchSize)
            {
                if (cancellation.IsCancellationRequested) return Result(TrainingStatus.Cancelled, "cancelled");
                int batch = Math.Min(BatchSize, _order.Length - start);
                double loss = TrainStep(train, _order.AsSpan(start, batch));
                if (!double.IsFinite(loss))
                    return Result(TrainingStatus.Diverged, $"training loss became {loss} in epoch {EpochsCompleted + 1}");
                lossSum += loss * batch;
            }
            double? valLoss = data.Validation is { Count: > 0 } validation ? Evaluate(validation) : null;
            if (valLoss is { } v && !double.IsFinite(v))
                return Result(TrainingStatus.Diverged, $"validation loss became {v} in epoch {EpochsCompleted + 1}");
            var record = new EpochRecord(EpochsCompleted + 1, lossSum / _order.Length, valLoss, clock.Elapsed.TotalSeconds);
            _history.Add(record);
            EpochsCompleted++;
            onEpoch?.Invoke(record);
        }
        return Result(TrainingStatus.Completed, null);
    }

    /// <summary>One optimizer step on the given samples; returns the batch loss (MSE + L2).</summary>
    internal double TrainStep(WindowedDataset data, ReadOnlySpan<int> samples)
    {
        int batch = samples.Length;
        EnsureBuffers(data.Window, data.Features);
        var inputs = _batchInputs.AsSpan(0, batch * data.SampleSize);
        var targets = _batchTargets.AsSpan(0, batch);
        data.GatherBatchTimeMajor(samples, inputs, targets);
        double loss = Model.ComputeGradients(inputs, targets, data.Window, batch, _rng);
        if (double.IsFinite(loss)) Optimizer.Step(Model.Parameters.Values, Model.Parameters.Gradients);
        return loss;
    }

    /// <summary>MSE over every sample plus the L2 penalty — Keras' <c>val_loss</c>.</summary>
    public double Evaluate(WindowedDataset data)
    {
        var predictions = Predict(data);
        var targets = data.Targets;
        double sum = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double d = predictions[i] - targets[i];
            sum += d * d;
        }
        return sum / predictions.Length + Model.L2Penalty();
    }

    /// <summary>Predictions for every sample, in the data's (standardized) units.</summary>
    public float[] Predict(WindowedDataset data)
    {
        EnsureBuffers(data.Window, data.Features);
        if (_evalIndices.Length != BatchSize) _evalIndices = new int[BatchSize];
        var result = new float[data.Count];
        for (int start = 0; start < data.Count; start += BatchSize)
        {
            int batch = Math.Min(BatchSize, data.Count - start);
            var indices = _evalIndices.AsSpan(0, batch);
            for (int i = 0; i < batch; i++) indices[i] = start + i;
            var inputs = _batchInputs.AsSpan(0, batch * data.SampleSize);
            data.GatherBatchTimeMajor(indices, inputs, _batchTargets.AsSpan(0, batch));
            Model.Predict(inputs, data.Window, batch, _predictions.AsSpan(0, batch));
            _predictions.AsSpan(0, batch).CopyTo(result.AsSpan(start, batch));
        }
        return result;
    }

    private void EnsureBuffers(int window, int features)
    {
        int need = BatchSize * window * features;
        if (_batchInputs.Length < need) _batchInputs = new float[need];
        if (_batchTargets.Length < BatchSize) _batchTargets = new float[BatchSize];
        if (_predictions.Length < BatchSize) _predictions = new float[BatchSize];
        Model.EnsureCapacity(window, BatchSize);
    }

    private TrainingResult Result(TrainingStatus status, string? reason) => new(status, [.. _history], EpochsCompleted, reason);

    public void Dispose() => _team?.Dispose();
}
