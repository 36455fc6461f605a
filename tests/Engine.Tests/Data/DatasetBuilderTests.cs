using MathNet.Numerics.Statistics;
using Tuner.Engine.Data;

namespace Tuner.Engine.Tests.Data;

public class DatasetBuilderTests
{
    private static TimeSeries Ramp(int length) =>
        TimeSeries.Univariate("v", Enumerable.Range(0, length).Select(i => (float)i).ToArray());

    [Theory]
    [InlineData(100, 0.2, 80)]
    [InlineData(10, 0.25, 7)]  // 7.5 rounds down: validation gets the odd sample (3)
    [InlineData(99, 0.2, 79)]  // 79.2
    [InlineData(3, 0.5, 1)]
    [InlineData(29, 0.3, 20)]  // 20.3
    [InlineData(20, 0.8, 4)]   // exactly 4; Keras' binary floating point gets 3.9999999999999996 → 3
    [InlineData(10, 0.9, 1)]   // exactly 1; Keras would refuse (0.9999999999999998 → 0)
    [InlineData(1000, 0.7, 300)]
    [InlineData(50, 0.0, 50)]
    public void TrainCount_rounds_down_the_training_fraction(int samples, double split, int expected)
    {
        Assert.Equal(expected, DatasetBuilder.TrainCount(samples, split));
    }

    [Fact]
    public void Split_0_2_of_100_samples_gives_80_training_and_the_last_20_for_validation()
    {
        // 104 points, window 4, horizon 1 → 100 samples.
        var data = DatasetBuilder.Build(Ramp(104), window: 4, horizon: 1, validationSplit: 0.2, Normalization.None);

        Assert.Equal(80, data.Train.Count);
        Assert.NotNull(data.Validation);
        Assert.Equal(20, data.Validation.Count);
        Assert.Equal(0, data.Train.SeriesOffset);
        Assert.Equal(80, data.Validation.SeriesOffset);

        // No shuffling: training is samples 0…79, validation 80…99, each labelled by the next point.
        Assert.Equal([0f, 1f, 2f, 3f], data.Train.Input(0).ToArray());
        Assert.Equal(83f, data.Train.Targets[79]);
        Assert.Equal([80f, 81f, 82f, 83f], data.Validation.Input(0).ToArray());
        Assert.Equal(84f, data.Validation.Targets[0]);
        Assert.Equal(103f, data.Validation.Targets[19]);
        Assert.Equal(84, data.Validation.LabelIndex(0));
        Assert.Equal((1, 4, 1), (data.Features, data.Window, data.Horizon));
    }

    [Fact]
    public void The_rounding_case_gives_the_extra_sample_to_validation()
    {
        var data = DatasetBuilder.Build(Ramp(13), window: 3, horizon: 1, validationSplit: 0.25, Normalization.None); // 10 samples
        Assert.Equal(7, data.Train.Count);
        Assert.Equal(3, data.Validation!.Count);
    }

    [Fact]
    public void Split_0_means_every_sample_trains_and_there_is_no_validation_set()
    {
        var data = DatasetBuilder.Build(Ramp(20), window: 5, horizon: 1, validationSplit: 0, Normalization.Standard);
        Assert.Equal(15, data.Train.Count);
        Assert.Null(data.Validation);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_split_outside_0_to_1_is_rejected_naming_validationSplit(double split)
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetBuilder.Build(Ramp(50), 5, 1, split, Normalization.None));
        Assert.Equal("validationSplit", error.ParamName);
        Assert.Contains("validationSplit must be in [0, 1)", error.Message);
    }

    [Fact]
    public void A_split_that_leaves_no_training_sample_is_rejected()
    {
        // 3 samples × (1 − 0.7) = 0.9 → 0 training samples.
        var error = Assert.Throws<ArgumentException>(() => DatasetBuilder.Build(Ramp(5), 2, 1, 0.7, Normalization.None));
        Assert.Equal("validationSplit", error.ParamName);
        Assert.Contains("no training samples", error.Message);
    }

    [Fact]
    public void A_split_that_leaves_no_validation_sample_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetBuilder.TrainCount(100, 1e-30));
        Assert.Equal("validationSplit", error.ParamName);
        Assert.Contains("no validation samples", error.Message);
    }

    [Fact]
    public void A_single_sample_cannot_be_split()
    {
        // No split can: the window and horizon are named, as the fix is theirs (it said "lower validationSplit").
        var error = Assert.Throws<ArgumentException>(() => DatasetBuilder.Build(Ramp(4), 3, 1, 0.5, Normalization.None));
        Assert.Equal("window", error.ParamName);
        Assert.StartsWith("window 3 and horizon 1 leave 1 sample of the series' 4 rows, split into 0 training and 1 validation; "
            + "need a training and a validation sample: use a smaller window or more rows.", error.Message);
        Assert.Equal("window", Assert.Throws<ArgumentException>(() => DatasetBuilder.TrainCount(4, 3, 1, 0.2)).ParamName);
        Assert.Equal(1, DatasetBuilder.TrainCount(4, 3, 1, 0.0));
    }

    [Fact]
    public void Window_and_horizon_errors_surface_from_Build()
    {
        Assert.Equal("window", Assert.Throws<ArgumentException>(() => DatasetBuilder.Build(Ramp(10), 0, 1, 0.2, Normalization.None)).ParamName);
        Assert.Equal("horizon", Assert.Throws<ArgumentException>(() => DatasetBuilder.Build(Ramp(10), 3, 0, 0.2, Normalization.None)).ParamName);
        var tooLong = Assert.Throws<ArgumentException>(() => DatasetBuilder.Build(Ramp(10), 8, 3, 0.2, Normalization.None));
        Assert.Equal("window", tooLong.ParamName);
        Assert.Contains("window (8) + horizon (3) exceeds the series length (10): need at least 11 points", tooLong.Message);
    }

    [Fact]
    public void Standardization_uses_only_the_points_training_samples_touch()
    {
        // 100 points, window 5, horizon 1: 95 samples, 76 train; the last training label is row
        // 75 + 5 = 80. Rows 0…80 are a noisy sine; rows 81…99 (seen only by validation) are huge.
        var sine = SeriesGenerators.Sine(100, 0.1, 5).Target.ToArray();
        float[] values = sine.Select((v, i) => i <= 80 ? v : 10_000f + i).ToArray();
        var data = DatasetBuilder.Build(TimeSeries.Univariate("v", values), 5, 1, 0.2, Normalization.Standard);

        Assert.Equal(76, data.Train.Count);
        double[] trainRows = values[..81].Select(v => (double)v).ToArray();
        Standardizer scaler = data.Scaler!;
        Assert.Equal(ArrayStatistics.Mean(trainRows), scaler.TargetMean, 1e-9);
        Assert.Equal(ArrayStatistics.PopulationStandardDeviation(trainRows), scaler.TargetStd, 1e-9);
        Assert.Equal(scaler.TargetMean, scaler.FeatureMeans[0]);
        Assert.Equal(scaler.TargetStd, scaler.FeatureStds[0]);

        // The training set (inputs and labels) is standardized; the validation tail is not near 0/1.
        double[] trainTargets = data.Train.Targets.ToArray().Select(v => (double)v).ToArray();
        Assert.InRange(ArrayStatistics.Mean(trainTargets), -0.15, 0.15);
        Assert.InRange(ArrayStatistics.PopulationStandardDeviation(trainTargets), 0.9, 1.1);
        double[] trainInputs = Enumerable.Range(0, data.Train.Count).SelectMany(i => data.Train.Input(i).ToArray()).Select(v => (double)v).ToArray();
        Assert.InRange(ArrayStatistics.Mean(trainInputs), -0.15, 0.15);
        Assert.InRange(ArrayStatistics.PopulationStandardDeviation(trainInputs), 0.9, 1.1);
        Assert.All(data.Validation!.Targets.ToArray(), v => Assert.True(v > 1000));
    }

    [Fact]
    public void Changing_points_after_the_last_training_label_does_not_change_the_statistics()
    {
        float[] values = SeriesGenerators.Sine(100, 0.1, 5).Target.ToArray();
        Standardizer Fit(float[] v) => DatasetBuilder.Build(TimeSeries.Univariate("v", v), 5, 1, 0.2, Normalization.Standard).Scaler!;
        Standardizer baseline = Fit(values);

        float[] afterLabel = (float[])values.Clone();
        afterLabel[81] = 500f; // first row only validation samples see
        Assert.Equal(baseline.TargetMean, Fit(afterLabel).TargetMean);
        Assert.Equal(baseline.TargetStd, Fit(afterLabel).TargetStd);

        float[] lastLabel = (float[])values.Clone();
        lastLabel[80] = 500f; // the last training label
        Assert.NotEqual(baseline.TargetMean, Fit(lastLabel).TargetMean);
    }

    [Fact]
    public void Statistics_cover_the_last_training_label_when_horizon_is_larger_than_1()
    {
        // window 3, horizon 4, 30 points → 24 samples; split 0.25 → 18 train; last label 17 + 6 = 23.
        float[] values = Enumerable.Range(0, 30).Select(i => (float)(i * i)).ToArray();
        var data = DatasetBuilder.Build(TimeSeries.Univariate("v", values), 3, 4, 0.25, Normalization.Standard);

        Assert.Equal(18, data.Train.Count);
        Assert.Equal(23, data.Train.LabelIndex(17));
        Assert.Equal(ArrayStatistics.Mean(values[..24].Select(v => (double)v).ToArray()), data.Scaler!.TargetMean, 1e-9);
    }

    [Fact]
    public void Each_feature_column_and_the_target_get_their_own_statistics()
    {
        // a ~ 0…39, b = 1000 + 10·i, target = b (also listed as a feature).
        int n = 40;
        float[] features = Enumerable.Range(0, n).SelectMany(i => new[] { (float)i, 1000f + (10 * i) }).ToArray();
        float[] target = Enumerable.Range(0, n).Select(i => 1000f + (10 * i)).ToArray();
        var series = new TimeSeries("b", ["a", "b"], features, target);

        var data = DatasetBuilder.Build(series, window: 4, horizon: 1, validationSplit: 0, Normalization.Standard);
        Standardizer s = data.Scaler!;

        Assert.Equal(19.5, s.FeatureMeans[0], 1e-9);
        Assert.Equal(1195.0, s.FeatureMeans[1], 1e-9);
        Assert.Equal(s.FeatureStds[0] * 10, s.FeatureStds[1], 1e-9);
        Assert.Equal(s.FeatureMeans[1], s.TargetMean); // same column as feature and target → same scaling
        Assert.Equal(s.FeatureStds[1], s.TargetStd);

        // Column b as an input and as a label agree: sample 0's last input row is row 3, its label row 4.
        float bRow3 = data.Train.Input(0)[(3 * 2) + 1];
        Assert.Equal(s.TransformTarget(1030f), bRow3, 1e-6);
        Assert.Equal(s.TransformTarget(1040f), data.Train.Targets[0], 1e-6);
    }

    [Fact]
    public void A_constant_column_gets_std_1_and_no_NaN()
    {
        int n = 20;
        float[] features = Enumerable.Range(0, n).SelectMany(i => new[] { 7f, (float)i }).ToArray();
        var series = new TimeSeries("t", ["const", "i"], features, Enumerable.Repeat(3f, n).ToArray());

        var data = DatasetBuilder.Build(series, 3, 1, 0.2, Normalization.Standard);

        Assert.Equal(1.0, data.Scaler!.FeatureStds[0]);
        Assert.Equal(7.0, data.Scaler.FeatureMeans[0]);
        Assert.Equal(1.0, data.Scaler.TargetStd);
        for (int i = 0; i < data.Train.Count; i++) Assert.All(data.Train.Input(i).ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.All(data.Train.Targets.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(0f, data.Train.Input(0)[0]);
    }

    [Fact]
    public void Normalization_none_keeps_raw_values_and_has_no_scaler()
    {
        var data = DatasetBuilder.Build(Ramp(20), 3, 1, 0.2, Normalization.None);
        Assert.Null(data.Scaler);
        Assert.Equal([0f, 1f, 2f], data.Train.Input(0).ToArray());
        Assert.Equal(3f, data.Train.Targets[0]);
    }

    [Fact]
    public void InverseTarget_maps_standardized_labels_back_to_original_units()
    {
        var series = SeriesGenerators.Weather(400, 2.0, 1);
        var data = DatasetBuilder.Build(series, 30, 1, 0.2, Normalization.Standard);
        float[] restored = data.Validation!.Targets.ToArray();
        data.Scaler!.InverseTarget(restored);

        for (int i = 0; i < restored.Length; i++)
        {
            Assert.Equal(series.Target[data.Validation.LabelIndex(i)], restored[i], 1e-4);
        }
    }

    [Fact]
    public void An_unknown_normalization_value_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetBuilder.Build(Ramp(20), 3, 1, 0.2, (Normalization)7));
    }

    [Fact]
    public void The_job_spec_example_builds_from_the_sine_generator()
    {
        // PRODUCT.md §1: sine, length 1000, noise 0.1, window 10, validationSplit 0.2.
        var data = DatasetBuilder.Build(SeriesGenerators.Sine(1000, 0.1, 42), 10, 1, 0.2, Normalization.Standard);
        Assert.Equal(792, data.Train.Count); // 990 samples × 0.8
        Assert.Equal(198, data.Validation!.Count);
        Assert.Equal(10, data.Train.Input(791).Length);
    }

    [Fact]
    public void PreparedData_refuses_datasets_of_different_shapes()
    {
        var three = WindowedDataset.Create(Ramp(10), 3, 1);
        var four = WindowedDataset.Create(Ramp(10), 4, 1);
        Assert.Throws<ArgumentException>(() => new PreparedData(three, four, null));
        Assert.Throws<ArgumentException>(() => new PreparedData(three, null, new Standardizer([0.0, 0.0], [1.0, 1.0], 0, 1)));
        Assert.Equal(3, new PreparedData(three, three, null).Window);
    }
}
