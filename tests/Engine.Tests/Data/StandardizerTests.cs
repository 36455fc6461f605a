using MathNet.Numerics.Statistics;
using Tuner.Engine.Data;

namespace Tuner.Engine.Tests.Data;

public class StandardizerTests
{
    [Fact]
    public void Fit_uses_the_population_standard_deviation_of_the_given_rows()
    {
        var series = new TimeSeries("t", ["a", "b"], [1, 10, 2, 20, 3, 30, 4, 40, 100, 100], [5, 6, 7, 8, 1000]);

        var s = Standardizer.Fit(series, 0, 4);

        Assert.Equal(2.5, s.FeatureMeans[0], 1e-12);
        Assert.Equal(ArrayStatistics.PopulationStandardDeviation(new double[] { 1, 2, 3, 4 }), s.FeatureStds[0], 1e-12);
        Assert.Equal(25.0, s.FeatureMeans[1], 1e-12);
        Assert.Equal(6.5, s.TargetMean, 1e-12);
        Assert.Equal(Math.Sqrt(1.25), s.TargetStd, 1e-12);
    }

    [Fact]
    public void Fit_of_a_later_range_ignores_earlier_rows()
    {
        var series = TimeSeries.Univariate("v", [1000, 1, 2, 3]);
        var s = Standardizer.Fit(series, 1, 3);
        Assert.Equal(2.0, s.TargetMean, 1e-12);
    }

    [Fact]
    public void Transform_and_inverse_round_trip()
    {
        var s = new Standardizer([10.0], [2.0], 20.0, 4.0);

        Assert.Equal(1.5f, s.TransformFeature(0, 13f));
        Assert.Equal(-0.5f, s.TransformTarget(18f));
        Assert.Equal(18f, s.InverseTarget(-0.5f));
        Span<float> predictions = [0f, 1f, -1f];
        s.InverseTarget(predictions);
        Assert.Equal([20f, 24f, 16f], predictions.ToArray());
    }

    [Fact]
    public void Saved_statistics_must_be_usable()
    {
        Assert.Throws<ArgumentException>(() => new Standardizer([0.0], [0.0], 0, 1));
        Assert.Throws<ArgumentException>(() => new Standardizer([0.0], [1.0], double.NaN, 1));
        Assert.Throws<ArgumentException>(() => new Standardizer([0.0, 1.0], [1.0], 0, 1));
        Assert.Throws<ArgumentException>(() => new Standardizer([], [], 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Standardizer.Fit(TimeSeries.Univariate("v", [1, 2]), 1, 2));
    }
}
