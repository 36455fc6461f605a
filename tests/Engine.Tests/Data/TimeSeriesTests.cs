using Tuner.Engine.Data;

namespace Tuner.Engine.Tests.Data;

public class TimeSeriesTests
{
    [Fact]
    public void A_multivariate_series_exposes_rows_row_major()
    {
        var series = new TimeSeries("t", ["a", "b"], [1, 2, 3, 4, 5, 6], [10, 20, 30]);

        Assert.Equal(3, series.Length);
        Assert.Equal(2, series.FeatureCount);
        Assert.Equal(["a", "b"], series.FeatureNames);
        Assert.Equal("t", series.TargetName);
        Assert.Equal([3f, 4f], series.Row(1).ToArray());
        Assert.Equal([10f, 20f, 30f], series.Target.ToArray());
    }

    [Fact]
    public void The_series_copies_its_inputs_so_later_changes_do_not_leak_in()
    {
        float[] features = [1, 2];
        float[] target = [5, 6];
        var series = new TimeSeries("t", ["a"], features, target);
        features[0] = 99;
        target[0] = 99;

        Assert.Equal(1f, series.Features[0]);
        Assert.Equal(5f, series.Target[0]);
    }

    [Fact]
    public void A_univariate_series_has_the_target_as_its_single_feature()
    {
        var series = TimeSeries.Univariate("sine", [0.5f, 1.5f]);

        Assert.Equal(["sine"], series.FeatureNames);
        Assert.Equal("sine", series.TargetName);
        Assert.Equal(series.Target.ToArray(), series.Features.ToArray());
    }

    [Fact]
    public void Inconsistent_or_non_finite_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new TimeSeries("t", ["a", "b"], [1, 2, 3], [1, 2]));
        Assert.Throws<ArgumentException>(() => new TimeSeries("t", ["a"], [1, float.NaN], [1, 2]));
        Assert.Throws<ArgumentException>(() => new TimeSeries("t", ["a"], [1, 2], [1, float.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => new TimeSeries("t", ["a", "a"], [1, 2], [1]));
        Assert.Throws<ArgumentException>(() => new TimeSeries("t", [], [], [1]));
        Assert.Throws<ArgumentException>(() => new TimeSeries("t", ["a"], [], []));
        Assert.Throws<ArgumentException>(() => new TimeSeries(" ", ["a"], [1], [1]));
    }
}
