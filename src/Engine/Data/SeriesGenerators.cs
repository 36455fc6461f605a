using Tuner.Engine.Rng;

namespace Tuner.Engine.Data;

/// <summary>The synthetic series of the job spec's <c>data.kind</c> <c>sine</c> and <c>weather</c>, deterministic from a seed.</summary>
/// <remarks>
/// Noise comes from <see cref="Xoshiro256StarStar"/> seeded with <c>seed</c>: one Gaussian draw per
/// point, in order, even when <c>noise</c> is 0 — so the same seed gives the same underlying draws
/// at every noise level and the series differ only by the noise scale.
/// </remarks>
public static class SeriesGenerators
{
    /// <summary>Spacing of the sine's x axis: the tutorials' <c>np.linspace(0, 20, 200)</c> rounded to 0.1 per point.</summary>
    /// <remarks>linspace(0, 20, 200) steps by 20/199 ≈ 0.1005; a fixed 0.1 keeps the wave's shape
    /// (about 63 points per period) independent of <c>length</c>, so longer series are more periods.</remarks>
    public const double SineStep = 0.1;

    /// <summary>Days per period of the synthetic weather (one year).</summary>
    public const double DaysPerYear = 365.0;

    /// <summary><c>sin(0.1·i) + N(0, noise²)</c> for i = 0 … length−1; feature and target are named <c>sine</c>.</summary>
    public static TimeSeries Sine(int length, double noise, ulong seed) =>
        Generate("sine", length, noise, seed, static i => Math.Sin(SineStep * i));

    /// <summary>Daily temperature <c>20 + 10·sin(2π·d/365) + N(0, noise²)</c> for day d = 0 … length−1; named <c>temperature</c>.</summary>
    public static TimeSeries Weather(int length, double noise, ulong seed) =>
        Generate("temperature", length, noise, seed, static d => 20.0 + (10.0 * Math.Sin(2.0 * Math.PI * d / DaysPerYear)));

    private static TimeSeries Generate(string name, int length, double noise, ulong seed, Func<int, double> signal)
    {
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"length must be at least 1 (got {length}).");
        }

        if (!double.IsFinite(noise) || noise < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(noise), $"noise must be a finite number >= 0 (got {noise}).");
        }

        var rng = new Xoshiro256StarStar(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(signal(i) + (noise * rng.NextGaussian()));
        }

        return TimeSeries.WrapUnivariate(name, values);
    }
}
