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
    public void Inputs_are_stored_sample_major_time_then_feature()
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
        Assert.Equal(data.Input(1).ToArray(), data.Inputs.Slice(6, 6).ToArray());
        Assert.Equal([1003f, 1004f, 1005f], data.Targets.ToArray());
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
