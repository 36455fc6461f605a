using Tuner.Engine.Data;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Training;
using Tuner.Engine.Tests.Support;
using static Tuner.Engine.Tests.Support.ToyTraining;

namespace Tuner.Engine.Tests.Training;

public sealed class TrainingSessionTests
{
    private static TrainingSession NewSession(CellType cell, ulong seed = 11) =>
        TrainingSession.Create(Forecaster(cell), OptimizerSpec.Adam(3e-3f), batchSize: 16, seed);

    [Theory]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Three_epochs_checkpoint_restore_two_more_is_bit_identical_to_five_straight(CellType cell)
    {
        var data = Sine();
        using var straight = NewSession(cell);
        straight.Train(data, untilEpoch: 5);

        using var first = NewSession(cell);
        first.Train(data, untilEpoch: 3);
        var checkpoint = first.SaveCheckpoint();
        using var resumed = TrainingSession.Restore(checkpoint);
        Assert.Equal(3, resumed.EpochsCompleted);
        var result = resumed.Train(data, untilEpoch: 5);

        Assert.Equal(TrainingStatus.Completed, result.Status);
        Assert.Equal(straight.Model.Parameters.Values, resumed.Model.Parameters.Values);
        Assert.Equal(straight.Optimizer.State[0], resumed.Optimizer.State[0]);
        Assert.Equal(straight.History.Select(e => (e.Epoch, e.Loss, e.ValLoss)), resumed.History.Select(e => (e.Epoch, e.Loss, e.ValLoss)));
    }

    [Fact]
    public void Same_seed_gives_bit_identical_training_and_another_seed_does_not()
    {
        var data = Sine();
        using var a = NewSession(CellType.Lstm, seed: 5);
        using var b = NewSession(CellType.Lstm, seed: 5);
        using var c = NewSession(CellType.Lstm, seed: 6);
        a.Train(data, 2);
        b.Train(data, 2);
        c.Train(data, 2);
        Assert.Equal(a.Model.Parameters.Values, b.Model.Parameters.Values);
        Assert.NotEqual(a.Model.Parameters.Values, c.Model.Parameters.Values);
    }

    [Theory]
    [InlineData(CellType.Lstm, 32)]
    [InlineData(CellType.Gru, 20)]
    public void A_training_step_allocates_nothing_after_warm_up(CellType cell, int units)
    {
        var data = Sine();
        using var session = TrainingSession.Create(new ModelSpec(cell, 1, units, Layers: 2, Dropout: 0.2f, RecurrentDropout: 0.2f, L2: 1e-3f),
            new OptimizerSpec(OptimizerKind.Adam, 1e-3f, ClipNorm: 1f), batchSize: 16, seed: 1);
        int[] samples = [.. Enumerable.Range(0, 16)];
        AllocationAssert.NoneInSteadyState(() => session.TrainStep(data.Train, samples), "steps");
    }

    [Fact]
    public void A_batch_size_above_the_sample_count_sizes_its_buffers_by_the_samples()
    {
        // 24 training samples of 100 steps × 400 features, batch size 65,536 (the largest a spec allows): buffers for
        // 65,536 such samples would be 2.6e9 floats, past an int and an array.
        const int features = 400, window = 100, rows = 130;
        var values = new float[rows * features];
        var target = new float[rows];
        for (int i = 0; i < values.Length; i++) values[i] = MathF.Sin(i * 0.01f);
        for (int r = 0; r < rows; r++) target[r] = values[r * features];
        var series = new TimeSeries("f0", [.. Enumerable.Range(0, features).Select(f => $"f{f}")], values, target);
        var data = DatasetBuilder.Build(series, window, horizon: 1, validationSplit: 0.2, Normalization.None);
        using var session = TrainingSession.Create(new ModelSpec(CellType.Lstm, InputSize: features, Units: 4), OptimizerSpec.Adam(1e-3f), batchSize: 65_536, seed: 1);

        var result = session.Train(data, untilEpoch: 1);

        Assert.Equal(TrainingStatus.Completed, result.Status);
        Assert.True(double.IsFinite(result.History[0].ValLoss!.Value));
    }

    [Fact]
    public void Diverging_training_stops_with_diverged()
    {
        var data = Sine();
        using var session = TrainingSession.Create(new ModelSpec(CellType.Lstm, 1, 8, Activation: Layers.Activation.Relu),
            new OptimizerSpec(OptimizerKind.Sgd, 1e4f), batchSize: 16, seed: 1);
        var result = session.Train(data, untilEpoch: 20);
        Assert.Equal(TrainingStatus.Diverged, result.Status);
        Assert.True(result.EpochsCompleted < 20);
        Assert.Contains("loss became", result.Reason);
    }

    [Fact]
    public void Cancellation_stops_between_batches_and_keeps_completed_epochs()
    {
        var data = Sine();
        using var session = NewSession(CellType.Gru);
        using var cts = new CancellationTokenSource();
        var result = session.Train(data, untilEpoch: 10, onEpoch: e => { if (e.Epoch == 2) cts.Cancel(); }, cts.Token);
        Assert.Equal(TrainingStatus.Cancelled, result.Status);
        Assert.Equal(2, result.EpochsCompleted);
        Assert.Equal(2, session.History.Count);
    }

    [Fact]
    public void History_reports_every_epoch_with_finite_losses()
    {
        var data = Sine();
        using var session = NewSession(CellType.Lstm);
        var seen = new List<EpochRecord>();
        var result = session.Train(data, 3, seen.Add);
        Assert.Equal([1, 2, 3], result.History.Select(e => e.Epoch));
        Assert.Equal(result.History, seen);
        Assert.All(result.History, e => Assert.True(double.IsFinite(e.Loss) && e.ValLoss is > 0 && e.Seconds >= 0));
    }

    [Fact]
    public void A_corrupt_or_foreign_checkpoint_is_rejected_with_a_clear_message()
    {
        using var session = NewSession(CellType.Lstm);
        var checkpoint = session.SaveCheckpoint();
        checkpoint[checkpoint.Length / 2] ^= 0x40;
        Assert.Contains("corrupt", Assert.Throws<InvalidDataException>(() => TrainingSession.Restore(checkpoint)).Message);
        Assert.Contains("not a Tuner checkpoint", Assert.Throws<InvalidDataException>(() => TrainingSession.Restore("hello world, this is not it........................"u8)).Message);
    }

    [Fact]
    public void Checkpoints_are_compact()
    {
        using var session = NewSession(CellType.Lstm);
        int parameters = session.Model.Parameters.Count;
        // weights + Adam's two moments, 4 bytes each, plus a small header and trailer
        Assert.InRange(session.SaveCheckpoint().Length, parameters * 12, parameters * 12 + 512);
    }
}
