using System.Globalization;

namespace Tuner.Engine.Data;

/// <summary>Turns a series into training and validation samples: window, split, standardize (PRODUCT.md §1).</summary>
public static class DatasetBuilder
{
    /// <summary>
    /// Windows <paramref name="series"/>, keeps the last <paramref name="validationSplit"/> of the
    /// samples for validation (Keras' <c>validation_split</c>: no shuffling), and standardizes both
    /// parts with statistics of the training part only.
    /// </summary>
    /// <remarks>
    /// <para>Split: <see cref="TrainCount(int, double)"/> samples train, the rest validate.</para>
    /// <para>Standardization statistics come from series rows <c>[0, lastTrainLabel]</c>, where
    /// <c>lastTrainLabel = trainCount − 1 + window + horizon − 1</c>: every row a training input or
    /// label touches, so nothing only validation sees can leak into the scaling. The same
    /// statistics of a column are used wherever it appears, so a target that is also a feature is
    /// scaled identically as input and as label.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">window, horizon or validationSplit out of range, or too few points; the message names the field.</exception>
    public static PreparedData Build(TimeSeries series, int window, int horizon, double validationSplit, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(series);
        int samples = CountSamples(series.Length, window, horizon);
        int trainCount = TrainCount(series.Length, window, horizon, validationSplit);

        // The training and validation samples read these arrays in place: the series' own, or one scaled copy.
        float[] features = series.FeatureArray;
        float[] target = series.TargetArray;
        Standardizer? scaler = null;
        switch (normalization)
        {
            case Normalization.None:
                break;
            case Normalization.Standard:
                int lastTrainLabel = trainCount - 1 + window + horizon - 1;
                scaler = Standardizer.Fit(series, 0, lastTrainLabel + 1);
                var scaledFeatures = new float[features.Length];
                var scaledTarget = new float[target.Length];
                scaler.TransformFeatures(features, scaledFeatures);
                scaler.TransformTargets(target, scaledTarget);
                features = scaledFeatures;
                target = scaledTarget;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "normalize must be standard or none.");
        }

        int f = series.FeatureCount;
        WindowedDataset train = WindowedDataset.Over(features, f, target, window, horizon, 0, trainCount);
        WindowedDataset? validation = trainCount < samples
            ? WindowedDataset.Over(features, f, target, window, horizon, trainCount, samples - trainCount)
            : null;
        return new PreparedData(train, validation, scaler);
    }

    /// <summary>Number of samples a series of <paramref name="length"/> points yields: <c>length − window − horizon + 1</c>.</summary>
    /// <exception cref="ArgumentException">window or horizon below 1, or fewer than window + horizon points.</exception>
    public static int CountSamples(int length, int window, int horizon)
    {
        if (window < 1)
        {
            throw new ArgumentException($"window must be at least 1 (got {window}).", nameof(window));
        }

        if (horizon < 1)
        {
            throw new ArgumentException($"horizon must be at least 1 (got {horizon}).", nameof(horizon));
        }

        long needed = (long)window + horizon;
        if (needed > length)
        {
            throw new ArgumentException(
                $"window ({window}) + horizon ({horizon}) exceeds the series length ({length}): need at least {needed} points; use a shorter window or more data.",
                nameof(window));
        }

        return (int)(length - needed + 1);
    }

    /// <summary>
    /// Training samples out of <paramref name="samples"/> for <paramref name="validationSplit"/>:
    /// <c>⌊samples · (1 − validationSplit)⌋</c>, as Keras; the validation part gets the rest (so it
    /// rounds up).
    /// </summary>
    /// <remarks>
    /// The product is computed in decimal from the split as written (its shortest round-trip form),
    /// so 20 · (1 − 0.8) is 4 — Keras' binary floating point gets 3.9999999999999996 and floors it to 3.
    /// </remarks>
    /// <exception cref="ArgumentException">validationSplit outside [0, 1), or a split that leaves either part empty.</exception>
    public static int TrainCount(int samples, double validationSplit)
    {
        if (samples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), $"samples must be at least 1 (got {samples}).");
        }

        if (!double.IsFinite(validationSplit) || validationSplit < 0 || validationSplit >= 1)
        {
            throw new ArgumentException(
                $"validationSplit must be in [0, 1): 0 for no validation, 0.2 for the last 20% (got {validationSplit}).",
                nameof(validationSplit));
        }

        if (validationSplit == 0)
        {
            return samples;
        }

        // Shortest round-trip text ("0.8", not 0.8000000000000000444) parsed as decimal: the split as written.
        decimal split = decimal.Parse(
            validationSplit.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        int trainCount = (int)decimal.Floor(samples * (1m - split));
        if (trainCount < 1)
        {
            throw new ArgumentException(
                $"{validationSplit} leaves no training samples: {samples} sample{(samples == 1 ? "" : "s")} × (1 − {validationSplit}) rounds down to 0; lower validationSplit or use more data.",
                nameof(validationSplit));
        }

        if (trainCount == samples)
        {
            throw new ArgumentException(
                $"validationSplit ({validationSplit}) leaves no validation samples out of {samples}; raise it to at least {1.0 / samples:G3}, or set it to 0 for no validation.",
                nameof(validationSplit));
        }

        return trainCount;
    }

    /// <summary>
    /// <see cref="TrainCount(int, double)"/> of the samples a series of <paramref name="length"/> points yields. One
    /// sample is no split's fault (every split in (0, 1) leaves it to validation): that error names the window.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="CountSamples(int, int, int)"/> and <see cref="TrainCount(int, double)"/>.</exception>
    public static int TrainCount(int length, int window, int horizon, double validationSplit)
    {
        int samples = CountSamples(length, window, horizon);
        if (samples == 1 && validationSplit > 0 && validationSplit < 1)
        {
            throw new ArgumentException(
                $"window {window} and horizon {horizon} leave 1 sample of the series' {length} rows, split into 0 training and 1 validation; need a training and a validation sample: use a smaller window or more rows.",
                nameof(window));
        }

        return TrainCount(samples, validationSplit);
    }
}
