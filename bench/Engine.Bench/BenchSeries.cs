using Tuner.Engine.Data;

namespace Tuner.Engine.Bench;

/// <summary>The training data of the comparison benchmarks: PyTorch's script builds the same series.</summary>
internal static class BenchSeries
{
    /// <summary>
    /// D noisy sines of different phases (torch_lstm_server.py's series; D = 1 is
    /// ../shared/perf/bench_torch_lstm.py's), the target being feature 0. Timings do not depend on the values.
    /// </summary>
    public static TimeSeries NoisySines(int length, int features)
    {
        var rng = new Random(1);
        var values = new float[length * features];
        var target = new float[length];
        for (int i = 0; i < length; i++)
        {
            for (int f = 0; f < features; f++)
            {
                double s = Math.Sin(2 * Math.PI * (i + 7 * f) / 50.0) + 0.5 * Math.Sin(2 * Math.PI * (i + 3 * f) / 17.0)
                    + 0.1 * (rng.NextDouble() - 0.5);
                values[i * features + f] = (float)s;
            }
            target[i] = values[i * features];
        }
        return new TimeSeries("x0", Enumerable.Range(0, features).Select(f => $"x{f}").ToArray(), values, target);
    }
}
