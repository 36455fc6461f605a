namespace Tuner.Engine.Data;

/// <summary>An immutable multivariate time series: <c>Length</c> rows of input features and one target value per row.</summary>
/// <remarks>
/// Features are stored row-major, <c>[Length][FeatureCount]</c>, as 32-bit floats (the engine
/// trains in single precision). For the generated series the single feature is the target itself.
/// Every value is finite: sources reject NaN and infinities before a series is built.
/// </remarks>
public sealed class TimeSeries
{
    private readonly float[] _features;
    private readonly float[] _target;
    private readonly string[] _featureNames;

    /// <summary>Builds a series from copies of the given arrays.</summary>
    /// <param name="targetName">Name of the forecast column.</param>
    /// <param name="featureNames">Names of the input columns, in storage order (the target may be one of them).</param>
    /// <param name="features">Row-major <c>[length][featureNames.Count]</c> values.</param>
    /// <param name="target">The target value of each row.</param>
    public TimeSeries(string targetName, IReadOnlyList<string> featureNames, ReadOnlySpan<float> features, ReadOnlySpan<float> target)
        : this(targetName, (featureNames ?? throw new ArgumentNullException(nameof(featureNames))).ToArray(), features.ToArray(), target.ToArray())
    {
    }

    private TimeSeries(string targetName, string[] featureNames, float[] features, float[] target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetName);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Length == 0)
        {
            throw new ArgumentException("a series needs at least one feature column.", nameof(featureNames));
        }

        if (featureNames.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("feature names must not be empty.", nameof(featureNames));
        }

        if (featureNames.Distinct(StringComparer.Ordinal).Count() != featureNames.Length)
        {
            throw new ArgumentException(
                $"feature names must be distinct (got {string.Join(", ", featureNames)}).", nameof(featureNames));
        }

        if (target.Length == 0)
        {
            throw new ArgumentException("a series needs at least one point.", nameof(target));
        }

        if ((long)target.Length * featureNames.Length != features.Length)
        {
            throw new ArgumentException(
                $"features hold {features.Length} values; {target.Length} rows × {featureNames.Length} features need {(long)target.Length * featureNames.Length}.",
                nameof(features));
        }

        ThrowIfNotFinite(features, nameof(features));
        ThrowIfNotFinite(target, nameof(target));

        TargetName = targetName;
        _featureNames = featureNames;
        _features = features;
        _target = target;
    }

    /// <summary>Number of time steps (rows).</summary>
    public int Length => _target.Length;

    /// <summary>Number of input feature columns (F).</summary>
    public int FeatureCount => _featureNames.Length;

    /// <summary>Names of the input feature columns, in storage order.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>Name of the forecast column.</summary>
    public string TargetName { get; }

    /// <summary>All feature values, row-major <c>[Length][FeatureCount]</c>.</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>The target value of each row, <c>[Length]</c>.</summary>
    public ReadOnlySpan<float> Target => _target;

    /// <summary><see cref="Features"/> itself, for datasets that read the series in place rather than copy it (the
    /// series never changes its arrays).</summary>
    internal float[] FeatureArray => _features;

    /// <summary><see cref="Target"/> itself (the same array as the features' for a univariate series).</summary>
    internal float[] TargetArray => _target;

    /// <summary>The feature values of row <paramref name="index"/>, <c>[FeatureCount]</c>.</summary>
    public ReadOnlySpan<float> Row(int index) => _features.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>A series whose single feature is its target, as the <c>sine</c> and <c>weather</c> generators produce.</summary>
    public static TimeSeries Univariate(string name, ReadOnlySpan<float> values)
    {
        return WrapUnivariate(name, values.ToArray());
    }

    /// <summary>Takes ownership of the arrays (no copy): for sources that built them and drop them.</summary>
    internal static TimeSeries Wrap(string targetName, string[] featureNames, float[] features, float[] target) =>
        new(targetName, featureNames, features, target);

    internal static TimeSeries WrapUnivariate(string name, float[] values) => Wrap(name, [name], values, values);

    private static void ThrowIfNotFinite(float[] values, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"value {i} is {values[i]}; a series holds finite numbers only.", paramName);
            }
        }
    }
}
