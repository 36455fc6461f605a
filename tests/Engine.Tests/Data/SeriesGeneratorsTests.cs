using Tuner.Engine.Data;

namespace Tuner.Engine.Tests.Data;

public class SeriesGeneratorsTests
{
    [Fact]
    public void Sine_is_deterministic_from_the_seed()
    {
        Assert.Equal(
            SeriesGenerators.Sine(500, 0.1, 42).Target.ToArray(),
            SeriesGenerators.Sine(500, 0.1, 42).Target.ToArray());
        Assert.NotEqual(
            SeriesGenerators.Sine(500, 0.1, 42).Target.ToArray(),
            SeriesGenerators.Sine(500, 0.1, 43).Target.ToArray());
    }

    [Fact]
    public void Sine_without_noise_samples_sin_at_steps_of_0_1()
    {
        var series = SeriesGenerators.Sine(200, 0.0, 1);

        Assert.Equal(200, series.Length);
        for (int i = 0; i < series.Length; i++)
        {
            Assert.Equal((float)Math.Sin(0.1 * i), series.Target[i]);
        }

        Assert.Equal(["sine"], series.FeatureNames);
        Assert.Equal("sine", series.TargetName);
        Assert.Equal(series.Target.ToArray(), series.Features.ToArray());
    }

    [Fact]
    public void Sine_noise_has_the_requested_standard_deviation_for_a_fixed_seed()
    {
        var series = SeriesGenerators.Sine(20_000, 0.1, 42);
        double[] residuals = Enumerable.Range(0, series.Length).Select(i => series.Target[i] - Math.Sin(0.1 * i)).ToArray();

        double mean = residuals.Average();
        double std = Math.Sqrt(residuals.Select(r => (r - mean) * (r - mean)).Average());
        Assert.InRange(mean, -0.003, 0.003); // standard error 0.0007
        Assert.InRange(std, 0.097, 0.103);   // standard error 0.0005
    }

    [Fact]
    public void The_same_seed_draws_the_same_noise_at_every_noise_level()
    {
        var small = SeriesGenerators.Sine(300, 0.1, 7);
        var large = SeriesGenerators.Sine(300, 0.3, 7);
        for (int i = 0; i < small.Length; i++)
        {
            double signal = Math.Sin(0.1 * i);
            Assert.Equal(3 * (small.Target[i] - signal), large.Target[i] - signal, 1e-5);
        }
    }

    [Fact]
    public void Weather_without_noise_repeats_every_365_days_between_10_and_30()
    {
        var series = SeriesGenerators.Weather(1000, 0.0, 1);

        Assert.Equal("temperature", series.TargetName);
        Assert.Equal(20f, series.Target[0]);
        Assert.Equal(30.0, series.Target[91], 0.01);  // sin peaks at day 365/4 = 91.25
        Assert.Equal(10.0, series.Target[274], 0.01); // and bottoms at day 273.75
        for (int d = 0; d + 365 < series.Length; d++)
        {
            Assert.Equal(series.Target[d], series.Target[d + 365], 1e-4);
            Assert.Equal((float)(20 + (10 * Math.Sin(2 * Math.PI * d / 365))), series.Target[d]);
        }
    }

    [Fact]
    public void Noisy_weather_averages_20_over_whole_years_with_the_requested_noise()
    {
        var series = SeriesGenerators.Weather(3650, 2.0, 42);
        float[] t = series.Target.ToArray();

        Assert.InRange(t.Average(), 19.9, 20.1); // standard error 0.033
        double[] residuals = t.Select((v, d) => v - (20 + (10 * Math.Sin(2 * Math.PI * d / 365)))).ToArray();
        double std = Math.Sqrt(residuals.Select(r => r * r).Average());
        Assert.InRange(std, 1.93, 2.07);

        // Day-of-year averages over ten years still show the yearly cycle.
        double peak = Enumerable.Range(0, 10).Average(y => t[(y * 365) + 91]);
        double trough = Enumerable.Range(0, 10).Average(y => t[(y * 365) + 274]);
        Assert.InRange(peak, 28, 32);
        Assert.InRange(trough, 8, 12);
    }

    [Fact]
    public void Generators_reject_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeriesGenerators.Sine(0, 0.1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeriesGenerators.Sine(10, -0.1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeriesGenerators.Weather(10, double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeriesGenerators.Weather(-1, 1, 1));
    }
}
