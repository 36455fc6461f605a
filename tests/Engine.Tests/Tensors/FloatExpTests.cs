using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors.Simd;

namespace Tuner.Engine.Tests.Tensors;

/// <summary>The gates' float exponential against double-precision e^x: relative error within 3·2⁻²⁴ (about
/// 2 ulp) over the whole finite range, and the edges (overflow to +∞, underflow to 0, NaN, ±∞).</summary>
public sealed class FloatExpTests
{
    private static float[] Sweep()
    {
        var values = new List<float>();
        for (double x = -87.3; x <= 88.37; x += 0.0137) values.Add((float)x);
        for (double x = -1; x <= 1; x += 1e-4) values.Add((float)x);
        values.AddRange([0f, -0f, 1e-8f, -1e-8f, 88.37f, -87.33f]);
        return [.. values];
    }

    private static void CheckAccuracy(Func<float[], float[]> exp)
    {
        var x = Sweep();
        var y = exp(x);
        double worst = 0;
        float at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Exp(x[i]);
            double error = Math.Abs(y[i] - expected) / expected;
            if (error > worst) (worst, at) = (error, x[i]);
        }
        Assert.True(worst <= 3.0 / (1 << 24), $"relative error {worst:G3} at x = {at:R}");

        float[] edges = [88.5f, 100f, float.PositiveInfinity, -87.5f, -200f, float.NegativeInfinity, float.NaN];
        var e = exp(edges);
        Assert.Equal([float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity, 0f, 0f, 0f], e[..6]);
        Assert.True(float.IsNaN(e[6]));
    }

    [Fact]
    public void Exp_over_512_bit_lanes_is_within_two_ulp_and_handles_the_edges()
    {
        if (!Vector512.IsHardwareAccelerated) return;   // the ISA runs of the test command cover the other widths
        CheckAccuracy(x => Apply(x, 16, (xs, i) => FloatExp.Exp(Vector512.Create(xs.AsSpan(i, 16))).CopyTo(xs.AsSpan(i, 16))));
    }

    [Fact]
    public void Exp_over_256_bit_lanes_is_within_two_ulp_and_handles_the_edges()
    {
        if (!Vector256.IsHardwareAccelerated) return;
        CheckAccuracy(x => Apply(x, 8, (xs, i) => FloatExp.Exp(Vector256.Create(xs.AsSpan(i, 8))).CopyTo(xs.AsSpan(i, 8))));
    }

    private static float[] Apply(float[] x, int lanes, Action<float[], int> block)
    {
        var padded = new float[(x.Length + lanes - 1) / lanes * lanes];
        x.CopyTo(padded, 0);
        for (int i = 0; i < padded.Length; i += lanes) block(padded, i);
        return padded[..x.Length];
    }
}
