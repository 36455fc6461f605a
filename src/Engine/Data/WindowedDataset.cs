using Tuner.Engine.Models;

namespace Tuner.Engine.Data;

/// <summary>
/// Supervised samples cut from a series by a sliding window: sample <c>i</c> is the feature rows
/// <c>[i, i + Window)</c> and its label the target at <c>i + Window + Horizon − 1</c>.
/// </summary>
/// <remarks>
/// Storage is sample-major and contiguous: <see cref="Inputs"/> is <c>[Count][Window][Features]</c>
/// and <see cref="Targets"/> is <c>[Count]</c>, so a sample is one slice and a batch is gathered by
/// plain copies. Indices here are local to the dataset; <see cref="SeriesOffset"/> places sample 0 in
/// the source series (a validation set starts where the training samples end).
/// </remarks>
public sealed class WindowedDataset : SequenceDataset
{
    private readonly float[] _inputs;
    private readonly float[] _targets;

    private WindowedDataset(float[] inputs, float[] targets, int window, int features, int horizon, int seriesOffset)
    {
        _inputs = inputs;
        _targets = targets;
        Window = window;
        Features = features;
        Horizon = horizon;
        SeriesOffset = seriesOffset;
    }

    /// <summary>Number of samples (N).</summary>
    public override int Count => _targets.Length;

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

    /// <summary>All inputs, <c>[Count][Window][Features]</c>.</summary>
    public ReadOnlySpan<float> Inputs => _inputs;

    /// <summary>All labels, <c>[Count]</c>.</summary>
    public override ReadOnlySpan<float> Targets => _targets;

    /// <summary>The inputs of sample <paramref name="sample"/>, <c>[Window][Features]</c>.</summary>
    public ReadOnlySpan<float> Input(int sample) => _inputs.AsSpan(sample * SampleSize, SampleSize);

    /// <summary>The series row whose target is the label of sample <paramref name="sample"/>.</summary>
    public int LabelIndex(int sample) => SeriesOffset + sample + Window + Horizon - 1;

    /// <summary>Windows every sample of <paramref name="series"/> as it is (no scaling, no split).</summary>
    /// <exception cref="ArgumentException">window or horizon below 1, or the series is shorter than window + horizon.</exception>
    public static WindowedDataset Create(TimeSeries series, int window, int horizon)
    {
        ArgumentNullException.ThrowIfNull(series);
        int count = DatasetBuilder.CountSamples(series.Length, window, horizon, series.FeatureCount);
        return Slice(series.Features, series.FeatureCount, series.Target, window, horizon, 0, count);
    }

    /// <summary>Copies the given samples into a batch laid out <c>[B][Window][Features]</c>, labels <c>[B]</c>.</summary>
    public void GatherBatch(ReadOnlySpan<int> samples, Span<float> inputs, Span<float> targets)
    {
        CheckBatch(samples.Length, inputs.Length, targets.Length);
        int size = SampleSize;
        for (int b = 0; b < samples.Length; b++)
        {
            int s = samples[b];
            _inputs.AsSpan(s * size, size).CopyTo(inputs.Slice(b * size, size));
            targets[b] = _targets[s];
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
            ReadOnlySpan<float> sample = _inputs.AsSpan(s * SampleSize, SampleSize);
            for (int t = 0; t < Window; t++)
            {
                sample.Slice(t * f, f).CopyTo(inputs.Slice(((t * batch) + b) * f, f));
            }

            targets[b] = _targets[s];
        }
    }

    public override SequenceBatch GatherTimeMajor(ReadOnlySpan<int> samples, Span<float> features, Span<int> tokens, Span<float> targets)
    {
        GatherBatchTimeMajor(samples, features, targets);
        return SequenceBatch.OfFeatures(features[..(samples.Length * SampleSize)], Window, samples.Length);
    }

    /// <summary>Cuts samples <c>[firstSample, firstSample + count)</c> from row-major features and a target, already scaled as wanted.</summary>
    internal static WindowedDataset Slice(
        ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<float> target, int window, int horizon, int firstSample, int count)
    {
        int size = window * featureCount;
        var inputs = new float[(long)count * size];
        var targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            int row = firstSample + i;
            features.Slice(row * featureCount, size).CopyTo(inputs.AsSpan(i * size, size));
            targets[i] = target[row + window + horizon - 1];
        }

        return new WindowedDataset(inputs, targets, window, featureCount, horizon, firstSample);
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
