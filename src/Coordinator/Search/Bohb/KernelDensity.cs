using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Numerics;

namespace Tuner.Coordinator.Search.Bohb;

/// <summary>The multivariate kernel density estimate BOHB fits (statsmodels' KDEMultivariate with the normal-reference
/// bandwidth, as HpBandSter uses it): a product kernel per point, Gaussian for numbers in [0, 1] and Aitchison–Aitken for
/// categories, bandwidth 1.06·σ·n^(−1/(4+d)) per coordinate, at least <see cref="MinBandwidth"/>.</summary>
internal sealed class KernelDensity
{
    /// <summary>HpBandSter's min_bandwidth.</summary>
    public const double MinBandwidth = 1e-3;

    private readonly IReadOnlyList<double[]> _data;
    private readonly int[] _categories; // per coordinate: 0 for a number, else the number of categories

    private KernelDensity(IReadOnlyList<double[]> data, int[] categories, double[] bandwidths)
    {
        _data = data;
        _categories = categories;
        Bandwidths = bandwidths;
    }

    public double[] Bandwidths { get; }

    public IReadOnlyList<double[]> Data => _data;

    public static KernelDensity Fit(IReadOnlyList<double[]> data, int[] categories)
    {
        var n = data.Count;
        var d = categories.Length;
        var bandwidths = new double[d];
        var factor = 1.06 * Math.Pow(n, -1.0 / (4 + d));
        for (var j = 0; j < d; j++)
        {
            double mean = 0;
            foreach (var point in data) mean += point[j];
            mean /= n;
            double variance = 0;
            foreach (var point in data) variance += (point[j] - mean) * (point[j] - mean);
            var bandwidth = Math.Max(factor * Math.Sqrt(variance / n), MinBandwidth);
            // Aitchison–Aitken's λ means nothing beyond (c − 1)/c (uniform); statsmodels would let the kernel go negative.
            if (categories[j] > 0) bandwidth = Math.Min(bandwidth, (categories[j] - 1.0) / categories[j]);
            bandwidths[j] = bandwidth;
        }
        return new KernelDensity(data, categories, bandwidths);
    }

    /// <summary>The density at <paramref name="x"/>: the mean over the data of the product kernels.</summary>
    public double Density(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (var point in _data)
        {
            double product = 1;
            for (var j = 0; j < x.Length; j++)
            {
                var h = Bandwidths[j];
                if (_categories[j] > 0)
                    product *= x[j] == point[j] ? 1 - h : h / (_categories[j] - 1);
                else
                    product *= NormalDistribution.Pdf((x[j] - point[j]) / h) / h;
            }
            sum += product;
        }
        return sum / _data.Count;
    }

    /// <summary>HpBandSter's proposal around one data point: each number from a normal truncated to [0, 1] with
    /// <paramref name="bandwidthFactor"/> × its bandwidth, each category kept with probability 1 − λ, else uniform.</summary>
    public double[] SampleAround(DeterministicRandom random, double bandwidthFactor)
    {
        var datum = _data[(int)random.NextIndex(_data.Count)];
        var x = new double[datum.Length];
        for (var j = 0; j < x.Length; j++)
        {
            var h = Bandwidths[j];
            if (_categories[j] > 0)
            {
                x[j] = random.NextDouble() < 1 - h ? datum[j] : random.NextIndex(_categories[j]);
            }
            else
            {
                var bw = bandwidthFactor * h;
                x[j] = datum[j] + bw * NormalDistribution.TruncatedQuantile(-datum[j] / bw, (1 - datum[j]) / bw, random.NextDouble());
            }
        }
        return x;
    }
}
