namespace Tuner.Coordinator.Search.Bayesian;

/// <summary>The Matérn 5/2 kernel with one length scale per input coordinate (automatic relevance determination):
/// k(x, x') = s²·(1 + √5·r + 5r²/3)·exp(−√5·r), r² = Σ_d ((x_d − x'_d)/ℓ_d)².</summary>
/// <param name="SignalVariance">s², in units of the standardized objective.</param>
/// <param name="LengthScales">ℓ_d for each coordinate of the unit cube.</param>
internal sealed record MaternKernel(double SignalVariance, double[] LengthScales)
{
    public const double Sqrt5 = 2.2360679774997896964;

    /// <summary>1/ℓ_d², what distances need.</summary>
    public double[] InverseSquaredScales() => [.. LengthScales.Select(l => 1 / (l * l))];

    /// <summary>r² between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> inverseSquaredScales)
    {
        double sum = 0;
        for (var d = 0; d < a.Length; d++)
        {
            var delta = a[d] - b[d];
            sum += delta * delta * inverseSquaredScales[d];
        }
        return sum;
    }

    /// <summary>k at distance r (without s²): (1 + √5 r + 5r²/3)·e^(−√5 r).</summary>
    public static double Correlation(double r)
    {
        var t = Sqrt5 * r;
        return (1 + t + t * t / 3) * Math.Exp(-t);
    }

    /// <summary><see cref="Correlation"/> at r and the slope −(1/r)·dk/dr (without s²) = (5/3)(1 + √5 r)·e^(−√5 r), with
    /// one exponential: gradients need both, and the slope is finite at r = 0, which is why they use it.</summary>
    public static (double Correlation, double SlopeOverDistance) CorrelationAndSlope(double r)
    {
        var t = Sqrt5 * r;
        var e = Math.Exp(-t);
        return ((1 + t + t * t / 3) * e, 5.0 / 3 * (1 + t) * e);
    }
}
