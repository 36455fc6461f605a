using Tuner.Contracts.Search;

namespace Tuner.Search.Bench.Problems;

/// <summary>The multi-fidelity Hartmann-6 function of mf-prior-bench (MFHartmann6Benchmark with its default bias 0.5
/// and noise 0.1): fidelity z = the epoch, 1 … 100; s = ln z / ln 100;
/// f(x, z) = −Σ_i (α_i − bias·(1 − s))·exp(−Σ_j A_ij (x_j − P_ij)²) + |N(0, 1)|·noise·(1 − s).
/// Low fidelities are flatter and noisier; z = 100 is the true Hartmann-6 (minimum −3.32237).</summary>
/// <remarks>Cost grows with fidelity as mf-prior-bench's λ(z) = 0.05 + 0.95·(z/100)² (the cost of evaluating at z), so
/// epoch z lasts λ(z) − λ(z − 1) virtual seconds and training to z costs λ(z). The noise of (x, z) is fixed per
/// configuration and fidelity, as mf-prior-bench seeds it.</remarks>
internal sealed class MultiFidelityHartmann6 : IBenchProblem
{
    private const double Bias = 0.5;
    private const double Noise = 0.1;
    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 },
        { 0.05, 10, 17, 0.1, 8, 14 },
        { 3, 3.5, 1.7, 10, 17, 8 },
        { 17, 8, 0.05, 10, 0.1, 14 },
    };
    private static readonly double[,] P =
    {
        { 1312, 1696, 5569, 124, 8283, 5886 },
        { 2329, 4135, 8307, 3736, 1004, 9991 },
        { 2348, 1451, 3522, 2883, 3047, 6650 },
        { 4047, 8828, 8732, 5743, 1091, 381 },
    };

    public string Name => "hartmann6";

    public SearchSpace Space { get; } = new([.. Enumerable.Range(0, 6).Select(i => (ParameterSpec)new FloatParameter($"x{i}", 0, 1))]);

    public int MaxEpochs => 100;

    public EpochMetrics Epoch(Hyperparameters configuration, long seed, int epoch)
    {
        var x = Read(configuration);
        var s = Math.Log(epoch) / Math.Log(MaxEpochs);
        var random = DeterministicRandom.ForStream(1337, $"{configuration}/{epoch}");
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var gaussian = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var value = Hartmann(x, Bias * (1 - s)) + Math.Abs(gaussian) * Noise * (1 - s);
        return new EpochMetrics(epoch, value, value);
    }

    public double EpochSeconds(Hyperparameters configuration, int epoch) => Cost(epoch) - (epoch == 1 ? 0 : Cost(epoch - 1));

    public double Truth(Hyperparameters configuration) => Hartmann(Read(configuration), 0);

    private double Cost(int z) => 0.05 + 0.95 * Math.Pow(z / (double)MaxEpochs, 2);

    private static double Hartmann(double[] x, double bias)
    {
        double sum = 0;
        for (var i = 0; i < 4; i++)
        {
            double inner = 0;
            for (var j = 0; j < 6; j++)
            {
                var d = x[j] - 1e-4 * P[i, j];
                inner += A[i, j] * d * d;
            }
            sum += (Alpha[i] - bias) * Math.Exp(-inner);
        }
        return -sum;
    }

    private static double[] Read(Hyperparameters configuration) => [.. Enumerable.Range(0, 6).Select(i => configuration[$"x{i}"].AsDouble())];
}
