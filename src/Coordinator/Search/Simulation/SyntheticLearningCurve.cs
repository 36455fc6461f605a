using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search.Simulation;

/// <summary>A noisy learning curve <c>loss(e) = a·(1 + 4·exp(−e/τ))·(1 + noise·z)</c>. The asymptote <c>a</c> depends on
/// units, dropout and learning_rate (best, 0.02, near 288 units, dropout 0.1, learning rate 2e-3); the time constant
/// <c>τ = 2 + 6·√(1e-3/learning_rate)</c> makes small learning rates slow, so early epochs rank configurations
/// well but not perfectly — the regime Hyperband and ASHA assume. val_loss = 1.05·loss + 0.005 with its own
/// noise. Epoch time grows with units.</summary>
/// <param name="noise">Relative standard deviation of the Gaussian noise on each epoch's metrics.</param>
/// <param name="divergence">When true, learning rate above 7e-3 with 384+ units diverges (NaN) from epoch 3.</param>
/// <param name="sharpness">How steeply the asymptote rises away from the optimum: larger makes good configurations rarer.</param>
public sealed class SyntheticLearningCurve(double noise = 0.005, bool divergence = false, double sharpness = 5) : ISyntheticProblem
{
    public EpochMetrics Epoch(Hyperparameters configuration, long seed, int epoch)
    {
        var (units, dropout, learningRate) = Read(configuration);
        if (divergence && learningRate > 7e-3 && units >= 384 && epoch >= 3)
            return new EpochMetrics(epoch, double.NaN, double.NaN);
        var curve = Asymptote(units, dropout, learningRate, sharpness) * (1 + 4 * Math.Exp(-epoch / (2 + 6 * Math.Sqrt(1e-3 / learningRate))));
        // Noise from the epoch's own stream: the same epoch always gets the same noise, however work was split.
        var random = DeterministicRandom.ForStream(seed, $"epoch/{epoch}");
        var loss = curve * (1 + noise * Gaussian(random));
        var valLoss = 1.05 * curve * (1 + noise * Gaussian(random)) + 0.005;
        return new EpochMetrics(epoch, loss, valLoss);
    }

    public double EpochSeconds(Hyperparameters configuration, int epoch) => 0.5 + Read(configuration).Units / 512;

    /// <summary>The noiseless val_loss a configuration approaches with unlimited epochs.</summary>
    public double BestValLoss(Hyperparameters configuration)
    {
        var (units, dropout, learningRate) = Read(configuration);
        return 1.05 * Asymptote(units, dropout, learningRate, sharpness) + 0.005;
    }

    private static double Asymptote(double units, double dropout, double learningRate, double sharpness) =>
        0.02 + sharpness * (0.08 * Square(Math.Log10(learningRate / 2e-3)) + 0.04 * Square((units - 288) / 256) + 0.1 * Square(dropout - 0.1));

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
