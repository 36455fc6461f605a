using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search.Simulation;

/// <summary>A noisy learning curve <c>loss(e) = a + exp(−e/τ) + noise</c> whose asymptote <c>a</c> depends on
/// units, dropout and learning_rate (best near 288 units, dropout 0.1, learning rate 2e-3) and whose speed
/// <c>τ</c> depends on the learning rate (slow learners look worse early: the trap early stopping must
/// survive). val_loss = 1.05·loss + 0.01 + noise. Epoch time grows with units.</summary>
/// <param name="noise">Standard deviation of the Gaussian noise on each epoch's metrics.</param>
/// <param name="divergence">When true, learning rate above 7e-3 with 384+ units diverges (NaN) from epoch 3.</param>
public sealed class SyntheticLearningCurve(double noise = 0.003, bool divergence = false) : ISyntheticProblem
{
    public EpochRecord Epoch(Hyperparameters configuration, long seed, int epoch)
    {
        var (units, dropout, learningRate) = Read(configuration);
        if (divergence && learningRate > 7e-3 && units >= 384 && epoch >= 3)
            return new EpochRecord(epoch, double.NaN, double.NaN);
        var asymptote = 0.02 + 0.08 * Square(Math.Log10(learningRate / 2e-3)) + 0.04 * Square((units - 288) / 256) + 0.1 * Square(dropout - 0.1);
        var tau = 3 + 20 * Math.Sqrt(1e-3 / learningRate);
        // Noise from the epoch's own stream: the same epoch always gets the same noise, however work was split.
        var random = DeterministicRandom.ForStream(seed, $"epoch/{epoch}");
        var loss = asymptote + Math.Exp(-epoch / tau) + noise * Gaussian(random);
        var valLoss = 1.05 * loss + 0.01 + noise * Gaussian(random);
        return new EpochRecord(epoch, loss, valLoss);
    }

    public double EpochSeconds(Hyperparameters configuration) => 0.5 + Read(configuration).Units / 512;

    /// <summary>The noiseless asymptotic val_loss of a configuration: the best any training of it can approach.</summary>
    public static double Asymptote(Hyperparameters configuration)
    {
        var (units, dropout, learningRate) = Read(configuration);
        return 1.05 * (0.02 + 0.08 * Square(Math.Log10(learningRate / 2e-3)) + 0.04 * Square((units - 288) / 256) + 0.1 * Square(dropout - 0.1)) + 0.01;
    }

    private static (double Units, double Dropout, double LearningRate) Read(Hyperparameters configuration) => (
        configuration.TryGet("units", out var units) ? units.AsDouble() : 128,
        configuration.TryGet("dropout", out var dropout) ? dropout.AsDouble() : 0.2,
        configuration.TryGet("learning_rate", out var rate) ? rate.AsDouble() : 1e-3);

    private static double Square(double x) => x * x;

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Gaussian(DeterministicRandom random)
    {
        var u1 = 1.0 - random.NextDouble(); // (0, 1]: log is finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
