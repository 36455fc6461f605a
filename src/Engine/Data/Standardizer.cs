namespace Tuner.Engine.Data;

/// <summary>Per-column means and standard deviations that map values to z-scores and predictions back to original units.</summary>
/// <remarks>
/// <para>Statistics are computed in double precision with two passes (mean, then squared deviations),
/// and the standard deviation is the population one (divide by n, ddof = 0), as numpy's <c>std</c>
/// and scikit-learn's <c>StandardScaler</c>.</para>
/// <para>A constant column has standard deviation 0; it gets 1 instead (as <c>StandardScaler</c>
/// does), so its values become 0 rather than NaN.</para>
/// <para>Keep the instance with a trained model: losses are in standardized units, and
/// <see cref="InverseTarget(float)"/> turns predictions back into the target's units (a squared
/// error scales by <see cref="TargetStd"/>²).</para>
/// </remarks>
public sealed class Standardizer
{
    private readonly double[] _featureMeans;
    private readonly double[] _featureStds;

    /// <summary>Restores a standardizer from saved statistics (e.g. next to an exported model).</summary>
    /// <exception cref="ArgumentException">Counts differ, a value is not finite, or a standard deviation is not positive.</exception>
    public Standardizer(IReadOnlyList<double> featureMeans, IReadOnlyList<double> featureStds, double targetMean, double targetStd)
    {
        ArgumentNullException.ThrowIfNull(featureMeans);
        ArgumentNullException.ThrowIfNull(featureStds);
        if (featureMeans.Count == 0 || featureMeans.Count != featureStds.Count)
        {
            throw new ArgumentException(
                $"need one mean and one std per feature (got {featureMeans.Count} means, {featureStds.Count} stds).", nameof(featureStds));
        }

        for (int f = 0; f < featureMeans.Count; f++)
        {
            CheckStatistic(featureMeans[f], featureStds[f], $"feature {f}");
        }

        CheckStatistic(targetMean, targetStd, "target");
        _featureMeans = [.. featureMeans];
        _featureStds = [.. featureStds];
        TargetMean = targetMean;
        TargetStd = targetStd;
    }

    /// <summary>Number of feature columns.</summary>
    public int FeatureCount => _featureMeans.Length;

    /// <summary>Mean of each feature column.</summary>
    public IReadOnlyList<double> FeatureMeans => _featureMeans;

    /// <summary>Population standard deviation of each feature column (1 for a constant column).</summary>
    public IReadOnlyList<double> FeatureStds => _featureStds;

    /// <summary>Mean of the target.</summary>
    public double TargetMean { get; }

    /// <summary>Population standard deviation of the target (1 if constant).</summary>
    public double TargetStd { get; }

    /// <summary>Fits the statistics of rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of <paramref name="series"/>.</summary>
    public static Standardizer Fit(TimeSeries series, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (start < 0 || count < 1 || (long)start + count > series.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(count), $"rows [{start}, {(long)start + count}) are not a non-empty range of the series' {series.Length} rows.");
        }

        int features = series.FeatureCount;
        var means = new double[features];
        var stds = new double[features];
        ReadOnlySpan<float> values = series.Features;
        for (int f = 0; f < features; f++)
        {
            (means[f], stds[f]) = MeanAndStd(values, start * features + f, count, features);
        }

        (double targetMean, double targetStd) = MeanAndStd(series.Target, start, count, 1);
        return new Standardizer(means, stds, targetMean, targetStd);
    }

    /// <summary>Standardizes one value of feature column <paramref name="feature"/>: <c>(x − mean) / std</c>.</summary>
    public float TransformFeature(int feature, float value) =>
        (float)((value - _featureMeans[feature]) / _featureStds[feature]);

    /// <summary>Standardizes a target value: <c>(y − mean) / std</c>.</summary>
    public float TransformTarget(float value) => (float)((value - TargetMean) / TargetStd);

    /// <summary>Maps a standardized prediction back to the target's units: <c>z · std + mean</c>.</summary>
    public float InverseTarget(float value) => (float)((value * TargetStd) + TargetMean);

    /// <summary>Maps standardized predictions back to the target's units in place.</summary>
    public void InverseTarget(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = InverseTarget(values[i]);
        }
    }

    /// <summary>Standardizes row-major feature rows <c>[n][FeatureCount]</c> into <paramref name="destination"/> (may be the same memory).</summary>
    public void TransformFeatures(ReadOnlySpan<float> rows, Span<float> destination)
    {
        if (rows.Length % FeatureCount != 0 || destination.Length < rows.Length)
        {
            throw new ArgumentException(
                $"rows hold {rows.Length} values, not a whole number of {FeatureCount}-feature rows, or destination ({destination.Length}) is shorter.",
                nameof(rows));
        }

        for (int i = 0; i < rows.Length; i++)
        {
            destination[i] = TransformFeature(i % FeatureCount, rows[i]);
        }
    }

    /// <summary>Standardizes target values into <paramref name="destination"/> (may be the same memory).</summary>
    public void TransformTargets(ReadOnlySpan<float> values, Span<float> destination)
    {
        if (destination.Length < values.Length)
        {
            throw new ArgumentException($"destination ({destination.Length}) is shorter than values ({values.Length}).", nameof(destination));
        }

        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = TransformTarget(values[i]);
        }
    }

    private static (double Mean, double Std) MeanAndStd(ReadOnlySpan<float> values, int first, int count, int stride)
    {
        double sum = 0;
        for (int i = 0, at = first; i < count; i++, at += stride)
        {
            sum += values[at];
        }

        double mean = sum / count;
        double squares = 0;
        for (int i = 0, at = first; i < count; i++, at += stride)
        {
            double d = values[at] - mean;
            squares += d * d;
        }

        double std = Math.Sqrt(squares / count);
        return (mean, std > 0 ? std : 1.0);
    }

    private static void CheckStatistic(double mean, double std, string what)
    {
        if (!double.IsFinite(mean) || !double.IsFinite(std) || std <= 0)
        {
            throw new ArgumentException($"{what}: mean must be finite and std finite and > 0 (got mean {mean}, std {std}).");
        }
    }
}
