using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tuner.Engine.Data;
using Tuner.Engine.Rng;

namespace Tuner.Engine.Tests.Data;

public class WindowedDatasetTests
{
    // Values 10, 11, …, 19: a value's series index is value − 10, so every assertion reads as an index.
    private static readonly TimeSeries Ramp = TimeSeries.Univariate("v", Enumerable.Range(10, 10).Select(i => (float)i).ToArray());

    [Fact]
    public void Window_3_horizon_1_labels_each_window_with_the_next_point()
    {
        var data = WindowedDataset.Create(Ramp, window: 3, horizon: 1);

        Assert.Equal(7, data.Count); // 10 − 3 − 1 + 1
        Assert.Equal([10f, 11f, 12f], data.Input(0).ToArray());
        Assert.Equal(13f, data.Targets[0]);
        Assert.Equal([16f, 17f, 18f], data.Input(6).ToArray());
        Assert.Equal(19f, data.Targets[6]);
        Assert.Equal([13f, 14f, 15f, 16f, 17f, 18f, 19f], data.Targets.ToArray());
        Assert.Equal(3, data.LabelIndex(0));
    }

    [Theory]
    [InlineData(5, 5, false)] // four windows of 2 read rows 0–4; the last label is at index 5
    [InlineData(5, 6, true)]
    [InlineData(4, 6, false)]
    public void Samples_are_taken_only_where_their_rows_and_labels_exist(int featureRows, int targets, bool fits)
    {
        WindowedDataset Over() => WindowedDataset.Over(new float[featureRows], 1, new float[targets], window: 2, horizon: 1, firstSample: 0, count: 4);
        if (fits) Assert.Equal(4, Over().Targets.Length);
        else Assert.Throws<ArgumentException>(Over);
    }

    [Fact]
    public void Window_3_horizon_2_skips_one_point_between_window_and_label()
    {
        var data = WindowedDataset.Create(Ramp, window: 3, horizon: 2);

        Assert.Equal(6, data.Count);
        Assert.Equal([10f, 11f, 12f], data.Input(0).ToArray());
        Assert.Equal(14f, data.Targets[0]);
        Assert.Equal([15f, 16f, 17f], data.Input(5).ToArray());
        Assert.Equal(19f, data.Targets[5]);
        Assert.Equal(9, data.LabelIndex(5));
    }

    [Fact]
    public void A_sample_is_its_rows_time_then_feature()
    {
        // Features a = i, b = 100 + i; target 1000 + i.
        float[] features = Enumerable.Range(0, 6).SelectMany(i => new[] { (float)i, 100f + i }).ToArray();
        float[] target = Enumerable.Range(0, 6).Select(i => 1000f + i).ToArray();
        var series = new TimeSeries("t", ["a", "b"], features, target);

        var data = WindowedDataset.Create(series, window: 3, horizon: 1);

        Assert.Equal(3, data.Count);
        Assert.Equal(2, data.Features);
        Assert.Equal(6, data.SampleSize);
        Assert.Equal([1f, 101f, 2f, 102f, 3f, 103f], data.Input(1).ToArray());
        Assert.Equal([1003f, 1004f, 1005f], data.Targets.ToArray());
    }

    [Fact]
    public void Windows_are_slices_of_the_series_not_copies()
    {
        float[] features = Enumerable.Range(0, 6).SelectMany(i => new[] { (float)i, 100f + i }).ToArray();
        var series = new TimeSeries("t", ["a", "b"], features, Enumerable.Range(0, 6).Select(i => 1000f + i).ToArray());

        var data = WindowedDataset.Create(series, window: 3, horizon: 1);

        // Sample 1 starts one row (2 features) after sample 0, in the same memory, and that memory is the series'.
        Assert.True(Unsafe.AreSame(
            ref Unsafe.Add(ref MemoryMarshal.GetReference(data.Input(0)), 2), ref MemoryMarshal.GetReference(data.Input(1))));
        Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(series.Features), ref MemoryMarshal.GetReference(data.Input(0))));
        Assert.Equal((3 + 3 - 1) * 2 + 3, data.RetainedValues);
    }

    [Fact]
    public void Windowing_a_long_series_allocates_its_labels_not_a_copy_per_window()
    {
        // 100,000 rows × window 100: the windows as copies are 40 MB; the series is 400 KB.
        const int rows = 100_000, window = 100;
        var series = SeriesGenerators.Sine(rows, 0.1, 5);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var data = DatasetBuilder.Build(series, window, 1, 0.2, Normalization.Standard);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The scaled features and target, 2 × 400 KB, and small objects; not Count × Window × 4 bytes.
        Assert.True(allocated < 4L * rows * 4, $"preparing allocated {allocated:N0} bytes");
        Assert.Equal(rows - window, data.Train.Count + data.Validation!.Count);
        Assert.True(data.Train.RetainedValues + data.Validation.RetainedValues < 3L * rows);
    }

    [Fact]
    public void A_sample_past_the_dataset_is_refused_though_the_series_goes_on()
    {
        var data = DatasetBuilder.Build(Ramp, window: 3, horizon: 1, validationSplit: 0.5, Normalization.None);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Train.Input(data.Train.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Validation!.Input(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Train.GatherBatch([data.Train.Count], new float[3], new float[1]));
    }

    [Fact]
    public void Gathered_batches_are_the_windows_cut_one_by_one_for_random_shapes_splits_and_orders()
    {
        // The windows as they used to be stored: each sample's rows and label copied out of the scaled series.
        var rng = new Xoshiro256StarStar(19);
        for (int trial = 0; trial < 100; trial++)
        {
            int features = rng.NextInt(1, 4), window = rng.NextInt(1, 12), horizon = rng.NextInt(1, 4);
            int length = window + horizon + rng.NextInt(2, 60);
            float[] values = Enumerable.Range(0, length * features).Select(_ => rng.NextFloat() * 50).ToArray();
            float[] target = Enumerable.Range(0, length).Select(_ => rng.NextFloat() * 9).ToArray();
            var series = new TimeSeries("t", Enumerable.Range(0, features).Select(f => $"f{f}").ToArray(), values, target);
            var normalization = trial % 2 == 0 ? Normalization.Standard : Normalization.None;
            var data = DatasetBuilder.Build(series, window, horizon, 0.3, normalization);
            float[] scaled = values.ToArray(), scaledTarget = target.ToArray();
            data.Scaler?.TransformFeatures(values, scaled);
            data.Scaler?.TransformTargets(target, scaledTarget);

            foreach (var (set, first) in new[] { (data.Train, 0), (data.Validation!, data.Train.Count) })
            {
                Assert.Equal(first, set.SeriesOffset);
                int batch = rng.NextInt(1, set.Count + 1);
                int[] order = Enumerable.Range(0, batch).Select(_ => rng.NextInt(0, set.Count)).ToArray();
                int size = window * features;
                var expected = new float[batch * size];
                var expectedTimeMajor = new float[batch * size];
                var expectedTargets = new float[batch];
                for (int b = 0; b < batch; b++)
                {
                    int row = first + order[b];
                    scaled.AsSpan(row * features, size).CopyTo(expected.AsSpan(b * size));
                    for (int t = 0; t < window; t++)
                        scaled.AsSpan((row + t) * features, features).CopyTo(expectedTimeMajor.AsSpan(((t * batch) + b) * features));
                    expectedTargets[b] = scaledTarget[row + window + horizon - 1];
                }

                var inputs = new float[batch * size];
                var targets = new float[batch];
                set.GatherBatch(order, inputs, targets);
                Assert.Equal(expected, inputs);
                Assert.Equal(expectedTargets, targets);
                set.GatherTimeMajor(order, inputs, [], targets);
                Assert.Equal(expectedTimeMajor, inputs);
                Assert.Equal(expectedTargets, targets);
            }
        }
    }

    [Fact]
    public void Horizon_1_matches_the_tutorials_prepare_data_loop()
    {
        // for i in range(len(data) - n_steps): X.append(data[i:i+n_steps]); y.append(data[i+n_steps])
        var series = SeriesGenerators.Sine(200, 0.1, 3);
        const int nSteps = 10;
        var data = WindowedDataset.Create(series, nSteps, horizon: 1);
        float[] values = series.Target.ToArray();

        Assert.Equal(values.Length - nSteps, data.Count);
        for (int i = 0; i < values.Length - nSteps; i++)
        {
            Assert.Equal(values[i..(i + nSteps)], data.Input(i).ToArray());
            Assert.Equal(values[i + nSteps], data.Targets[i]);
        }
    }

    [Fact]
    public void Every_sample_matches_its_definition_for_random_shapes()
    {
        var rng = new Xoshiro256StarStar(2025);
        for (int trial = 0; trial < 200; trial++)
        {
            int length = rng.NextInt(1, 60);
            int features = rng.NextInt(1, 4);
            int window = rng.NextInt(1, length + 1);
            int horizon = rng.NextInt(1, 5);
            float[] values = Enumerable.Range(0, length * features).Select(_ => rng.NextFloat()).ToArray();
            float[] target = Enumerable.Range(0, length).Select(_ => rng.NextFloat()).ToArray();
            var series = new TimeSeries("t", Enumerable.Range(0, features).Select(f => $"f{f}").ToArray(), values, target);

            if (window + horizon > length)
            {
                Assert.Throws<ArgumentException>(() => WindowedDataset.Create(series, window, horizon));
                continue;
            }

            var data = WindowedDataset.Create(series, window, horizon);
            Assert.Equal(length - window - horizon + 1, data.Count);
            for (int i = 0; i < data.Count; i++)
            {
                Assert.Equal(values.AsSpan(i * features, window * features).ToArray(), data.Input(i).ToArray());
                Assert.Equal(target[i + window + horizon - 1], data.Targets[i]);
            }
        }
    }

    [Fact]
    public void GatherBatch_copies_samples_in_the_given_order_sample_major()
    {
        var data = WindowedDataset.Create(Ramp, window: 3, horizon: 1);
        var inputs = new float[2 * 3];
        var targets = new float[2];

        data.GatherBatch([4, 0], inputs, targets);

        Assert.Equal([14f, 15f, 16f, 10f, 11f, 12f], inputs);
        Assert.Equal([17f, 13f], targets);
    }

    [Fact]
    public void GatherBatchTimeMajor_puts_each_time_step_of_the_batch_together()
    {
        float[] features = Enumerable.Range(0, 6).SelectMany(i => new[] { (float)i, 100f + i }).ToArray();
        var series = new TimeSeries("t", ["a", "b"], features, Enumerable.Range(0, 6).Select(i => 1000f + i).ToArray());
        var data = WindowedDataset.Create(series, window: 2, horizon: 1); // 4 samples of [2][2]
        var inputs = new float[2 * 2 * 2];
        var targets = new float[2];

        data.GatherBatchTimeMajor([3, 1], inputs, targets);

        // [t][b][f]: t=0 → sample 3 row 3, sample 1 row 1; t=1 → rows 4 and 2.
        Assert.Equal([3f, 103f, 1f, 101f, 4f, 104f, 2f, 102f], inputs);
        Assert.Equal([1005f, 1003f], targets);
    }

    [Fact]
    public void Gathering_into_too_small_buffers_is_refused()
    {
        var data = WindowedDataset.Create(Ramp, window: 3, horizon: 1);
        Assert.Throws<ArgumentException>(() => data.GatherBatch([0, 1], new float[5], new float[2]));
        Assert.Throws<ArgumentException>(() => data.GatherBatchTimeMajor([0, 1], new float[6], new float[1]));
    }

    [Theory]
    [InlineData(0, 1, "window")]
    [InlineData(-2, 1, "window")]
    [InlineData(3, 0, "horizon")]
    [InlineData(10, 1, "window")]
    [InlineData(9, 2, "window")]
    public void Bad_window_or_horizon_is_an_argument_error_naming_the_field(int window, int horizon, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => WindowedDataset.Create(Ramp, window, horizon));
        Assert.Equal(field, error.ParamName);
        Assert.StartsWith(field, error.Message);
    }

    [Fact]
    public void A_series_too_short_for_the_window_says_how_many_points_are_needed()
    {
        var series = SeriesGenerators.Sine(1000, 0.1, 1);
        var error = Assert.Throws<ArgumentException>(() => WindowedDataset.Create(series, 1000, 1));
        Assert.Contains("window (1000) + horizon (1) exceeds the series length (1000): need at least 1001 points", error.Message);
    }

    [Fact]
    public void The_smallest_valid_series_gives_one_sample()
    {
        var data = WindowedDataset.Create(Ramp, window: 9, horizon: 1);
        Assert.Equal(1, data.Count);
        Assert.Equal(19f, data.Targets[0]);
    }
}
