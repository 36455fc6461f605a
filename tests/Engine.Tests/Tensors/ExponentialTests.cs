using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors;
using Tuner.Engine.Tensors.Simd;

namespace Tuner.Engine.Tests.Tensors;

/// <summary>The engine's own e^x (every gate's sigmoid and tanh use it) against double precision, at every
/// vector width this machine runs: the same result in every lane and width, within 2 ulp.</summary>
public class ExponentialTests
{
    private static float[] Inputs()
    {
        var rng = new Random(5);
        var x = new List<float> { 0f, 1f, -1f, 1e-8f, -1e-8f, 0.5f * MathF.Log(2), -0.5f * MathF.Log(2), 10f, -10f, 80f, -80f, 87f, -87f, 88f };
        for (var i = 0; i < 4000; i++) x.Add((float)(rng.NextDouble() * 175 - 87));
        for (var i = 0; i < 1000; i++) x.Add((float)(rng.NextDouble() * 10 - 5));
        while (x.Count % 16 != 0) x.Add(0.25f);
        return [.. x];
    }

    [Fact]
    public void Is_within_two_ulp_of_double_precision_and_the_same_at_every_width()
    {
        var x = Inputs();
        var scalar = x.Select(v => Exponential.Apply<float, ScalarOps>(v)).ToArray();
        AssertWithinTwoUlp("scalar", x, scalar);
        foreach (var (name, values) in Widths(x))
        {
            AssertWithinTwoUlp(name, x, values);
            // Vector128 on x86 without FMA multiplies then adds (Vector128Ops): close, not identical.
            if (name != "Vector128" || GemmDriver.FusesMultiplyAdd(GemmIsa.Vector128))
                Assert.True(scalar.SequenceEqual(values), $"{name} differs from the scalar lanes");
        }
    }

    private static void AssertWithinTwoUlp(string name, float[] x, float[] y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var exact = Math.Exp(x[i]);
            var ulp = Math.Abs(MathF.BitIncrement((float)exact) - (float)exact);
            Assert.True(Math.Abs(y[i] - exact) <= 2 * ulp, $"{name}: exp({x[i]:R}) = {y[i]:R}, expected {exact:R}");
        }
    }

    [Fact]
    public void Saturates_to_zero_and_infinity_and_keeps_nan()
    {
        float[] x = [-88.5f, -100f, float.NegativeInfinity, 89f, 1000f, float.PositiveInfinity, float.NaN, -float.Epsilon];
        float[] expected = [0f, 0f, 0f, float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity, float.NaN, 1f];
        var padded = x.Concat(Enumerable.Repeat(0f, 16 - x.Length)).ToArray();
        var results = new List<(string, float[])> { ("scalar", padded.Select(v => Exponential.Apply<float, ScalarOps>(v)).ToArray()) };
        results.AddRange(Widths(padded));
        foreach (var (name, values) in results)
            for (var i = 0; i < x.Length; i++)
                Assert.True(expected[i].Equals(values[i]), $"{name}: exp({x[i]}) = {values[i]}, expected {expected[i]}");
    }

    private static IEnumerable<(string, float[])> Widths(float[] x)
    {
        if (Vector128.IsHardwareAccelerated) yield return ("Vector128", Map(x, 4, (s, d) => Exponential.Apply<Vector128<float>, Vector128Ops>(Vector128.Create(s)).CopyTo(d)));
        if (Vector256.IsHardwareAccelerated) yield return ("Vector256", Map(x, 8, (s, d) => Exponential.Apply<Vector256<float>, Vector256Ops>(Vector256.Create(s)).CopyTo(d)));
        if (Vector512.IsHardwareAccelerated) yield return ("Vector512", Map(x, 16, (s, d) => Exponential.Apply<Vector512<float>, Vector512Ops>(Vector512.Create(s)).CopyTo(d)));
    }

    private static float[] Map(float[] x, int lanes, Action<ReadOnlySpan<float>, Span<float>> apply)
    {
        var y = new float[x.Length];
        for (var i = 0; i < x.Length; i += lanes) apply(x.AsSpan(i, lanes), y.AsSpan(i, lanes));
        return y;
    }
}
