using Tuner.Contracts.Collections;
using Tuner.Contracts.Search;

namespace Tuner.Search.Bench.Problems;

/// <summary>Counting Ones from the BOHB paper (Falkner et al., ICML 2018, §5.1): 8 binary categorical and 8 continuous
/// hyperparameters in [0, 1]; f(x) = −(Σ x_cat + Σ_j p̂_j), where p̂_j is the mean of b Bernoulli(x_j) draws, so the
/// budget b only makes the estimate less noisy. Optimum −16.</summary>
/// <remarks>The paper's budgets 9 … 729 draws become epochs 1 … 81 of 9 draws each; epoch e's value uses all 9e draws so
/// far (a resumed trial continues the same draws), one virtual second per epoch (cost linear in the budget, as in the paper).</remarks>
internal sealed class CountingOnes : IBenchProblem
{
    private const int Categorical = 8;
    private const int Continuous = 8;
    private const int DrawsPerEpoch = 9;

    public string Name => "counting-ones";

    public SearchSpace Space { get; } = new([
        .. Enumerable.Range(0, Categorical).Select(i => (ParameterSpec)new ChoiceParameter($"c{i}", new ValueList<HyperparameterValue>([HyperparameterValue.Int(0), HyperparameterValue.Int(1)]))),
        .. Enumerable.Range(0, Continuous).Select(i => (ParameterSpec)new FloatParameter($"x{i}", 0, 1)),
    ]);

    public int MaxEpochs => 81;

    public EpochMetrics Epoch(Hyperparameters configuration, long seed, int epoch)
    {
        double value = 0;
        for (var i = 0; i < Categorical; i++) value += configuration[$"c{i}"].AsInt64();
        for (var j = 0; j < Continuous; j++)
        {
            var p = configuration[$"x{j}"].AsDouble();
            var random = DeterministicRandom.ForStream(seed, $"ones/{j}");
            var ones = 0;
            for (var k = 0; k < DrawsPerEpoch * epoch; k++)
                if (random.NextDouble() < p) ones++;
            value += ones / (double)(DrawsPerEpoch * epoch);
        }
        return new EpochMetrics(epoch, -value, -value);
    }

    public double EpochSeconds(Hyperparameters configuration, int epoch) => 1;

    public double Truth(Hyperparameters configuration)
    {
        double value = 0;
        for (var i = 0; i < Categorical; i++) value += configuration[$"c{i}"].AsInt64();
        for (var j = 0; j < Continuous; j++) value += configuration[$"x{j}"].AsDouble();
        return -value;
    }
}
