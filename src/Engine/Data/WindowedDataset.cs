using Tuner.Engine.Models;

namespace Tuner.Engine.Data;

/// <summary>
/// Supervised samples cut from a series by a sliding window: sample <c>i</c> is the feature rows
/// <c>[i, i + Window)</c> and its label the target at <c>i + Window + Horizon − 1</c>.
/// </summary>
/// <remarks>
/// The windows are not copied: the dataset reads the series' row-major <c>[rows][Features]</c> values and its target
/// in place, so <see cref="Input"/> is a slice of the series and a batch is gathered from it. Windows overlap in all
/// but one row; storing each one would hold <c>Window</c> copies of every row (docs/benchmarks.md, "Memory at scale").
/// Indices here are local to the dataset; <see cref="SeriesOffset"/> places sample 0
/// in the series (a validation set starts where the training samples end, sharing the same arrays).
/// </remarks>
public sealed class WindowedDataset : SequenceDataset
{
    private readonly float[] _features;
    private readonly float[] _target;

    private WindowedDataset(float[] features, float[] target, int window, int featureCount, int horizon, int seriesOffset, int count)
    {
        _features = features;
        _target = target;
        Window = window;
        Features = featureCount;
        Horizon = horizon;
        SeriesOffset = seriesOffset;
        Count = count;
    }

    /// <summary>Number of samples (N).</summary>
    public override int Count { get; }

    /// <summary>Time steps per sample (the spec's <c>window</c>, the tutorials' <c>n_steps</c>).</summary>
    public override int Window { get; }

    /// <summary>Features per time step (F).</summary>
    public override int Features { get; }

    public override bool IsTokens => false;

    /// <summary>Steps ahead of the window's last row that the label lies (1 = the next point).</summary>
    public int Horizon { get; }

    /// <summary>Series row of sample 0's first time step.</summary>
    public int SeriesOffset { get; }

    /// <summary>Values per sample: <c>Window · Features</c>.</summary>
    public int SampleSize => Window * Features;

    /// <summary>All labels, <c>[Count]</c>: the target rows <c>[SeriesOffset + Window + Horizon − 1, …)</c>, in place.</summary>
    public override ReadOnlySpan<float> Targets => _target.AsSpan(LabelIndex(0), Count);

    /// <summary>The rows the samples read, <c>(Count + Window − 1) · Features</c>, and their labels, <c>Count</c>.</summary>
    public override long RetainedValues => ((long)Count + Window - 1) * Features + Count;

    /// <summary>The inputs of sample <paramref name="sample"/>, <c>[Window][Features]</c>: a slice of the series, so
    /// consecutive samples overlap.</summary>
    public ReadOnlySpan<float> Input(int sample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, Count);
        return _features.AsSpan((SeriesOffset + sample) * Features, SampleSize);
    }

    /// <summary>The series row whose target is the label of sample <paramref name="sample"/>.</summary>
    public int LabelIndex(int sample) => SeriesOffset + sample + Window + Horizon - 1;

    /// <summary>Windows every sample of <paramref name="series"/> as it is (no scaling, no split). The dataset reads the
    /// series' values in place.</summary>
    /// <exception cref="ArgumentException">window or horizon below 1, or the series is shorter than window + horizon.</exception>
    public static WindowedDataset Create(TimeSeries series, int window, int horizon)
    {
        ArgumentNullException.ThrowIfNull(series);
        int count = DatasetBuilder.CountSamples(series.Length, window, horizon);
        return Over(series.FeatureArray, series.FeatureCount, series.TargetArray, window, horizon, 0, count);
    }

    /// <summary>Copies the given samples into a batch laid out <c>[B][Window][Features]</c>, labels <c>[B]</c>.</summary>
    public void GatherBatch(ReadOnlySpan<int> samples, Span<float> inputs, Span<float> targets)
    {
        CheckBatch(samples.Length, inputs.Length, targets.Length);
        int size = SampleSize;
        for (int b = 0; b < samples.Length; b++)
        {
            int s = samples[b];
            Input(s).CopyTo(inputs.Slice(b * size, size));
            targets[b] = _target[LabelIndex(s)];
        }
    }

    /// <summary>Copies the given samples into a batch laid out time-major <c>[Window][B][Features]</c>, labels <c>[B]</c>.</summary>
    /// <remarks>Time-major is what a recurrent layer consumes step by step: the rows of step t are contiguous.</remarks>
    public void GatherBatchTimeMajor(ReadOnlySpan<int> samples, Span<float> inputs, Span<float> targets)
    {
        CheckBatch(samples.Length, inputs.Length, targets.Length);
        int batch = samples.Length;
        int f = Features;
        for (int b = 0; b < batch; b++)
        {
            int s = samples[b];
            ReadOnlySpan<float> sample = Input(s);
            for (int t = 0; t < Window; t++)
            {
                sample.Slice(t * f, f).CopyTo(inputs.Slice(((t * batch) + b) * f, f));
            }

            targets[b] = _target[LabelIndex(s)];
        }
    }

    public override SequenceBatch GatherTimeMajor(ReadOnlySpan<int> samples, Span<float> features, Span<int> tokens, Span<float> targets)
    {
        GatherBatchTimeMajor(samples, features, targets);
        return SequenceBatch.OfFeatures(features[..(samples.Length * SampleSize)], Window, samples.Length);
    }

    /// <summary>Samples <c>[firstSample, firstSample + count)</c> of row-major <paramref name="features"/> and
    /// <paramref name="target"/>, already scaled as wanted. The arrays are shared, not copied (a training and a validation
    /// set read the same ones): do not change them.</summary>
    internal static WindowedDataset Over(
        float[] features, int featureCount, float[] target, int window, int horizon, int firstSample, int count)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(target);
        long rows = (long)firstSample + count + window - 1;
        long targets = rows + horizon; // the last sample's label is at index targets − 1
        if (featureCount < 1 || window < 1 || horizon < 1 || firstSample < 0 || count < 0
            || rows * featureCount > features.Length || targets > target.Length)
        {
            throw new ArgumentException(
                $"{count} samples of window {window} and horizon {horizon} from row {firstSample} read {rows} rows of {featureCount} features and {targets} targets; the series has {features.Length} feature values and {target.Length} targets.");
        }

        return new WindowedDataset(features, target, window, featureCount, horizon, firstSample, count);
    }

    private void CheckBatch(int batch, int inputLength, int targetLength)
    {
        if (inputLength < batch * SampleSize || targetLength < batch)
        {
            throw new ArgumentException(
                $"a batch of {batch} needs {batch * SampleSize} input values ({batch} × window {Window} × features {Features}) and {batch} targets; got {inputLength} and {targetLength}.");
        }
    }
}
