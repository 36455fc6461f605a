using Tuner.Engine.Data;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Training;

namespace Tuner.Engine.Tests.Training;

/// <summary>The engine learns: on a noisy sine (noise 0.1, window 10) an LSTM(32) gets within 2× of
/// the noise floor in 30 epochs — and with a learning rate of 1e-6 it does not, so the test can fail.</summary>
public sealed class LearningTests
{
    [Theory]
    [InlineData(1e-2f, true)]
    [InlineData(1e-6f, false)]
    public void Lstm_on_noisy_sine_reaches_twice_the_noise_floor_only_with_a_sane_learning_rate(float learningRate, bool shouldLearn)
    {
        const double noise = 0.1;
        var data = DatasetBuilder.Build(SeriesGenerators.Sine(1000, noise, seed: 42), window: 10, horizon: 1, validationSplit: 0.2, Normalization.Standard);
        // The next point's noise cannot be predicted: in standardized units its variance is the floor.
        double floor = Math.Pow(noise / data.Scaler!.TargetStd, 2);
        using var session = TrainingSession.Create(new ModelSpec(CellType.Lstm, 1, 32), OptimizerSpec.Adam(learningRate), batchSize: 32, seed: 42);

        var result = session.Train(data, untilEpoch: 30);

        Assert.Equal(TrainingStatus.Completed, result.Status);
        double final = result.History[^1].ValLoss!.Value;
        Assert.Equal(shouldLearn, final < 2 * floor);
    }
}
