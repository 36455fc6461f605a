using Tuner.Engine.Tensors;

namespace Tuner.Engine.Tests.Tensors;

/// <summary>FixedOrderSum gives exactly the reference's bits — element i into partial i mod 16, then halving — for every
/// length around its blocks and its lanes, non-finite values included. The test command runs this on every path, so a
/// vector branch that adds in another order fails on any machine.</summary>
public sealed class FixedOrderSumTests
{
    public static TheoryData<int> Lengths() => [.. Enumerable.Range(0, 41), 255, 1000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sums_round_as_the_reference_does_on_this_path(int length)
    {
        var rng = new Random(length);
        // Magnitudes over six decades, so that a different order of additions rounds differently.
        var x = Enumerable.Range(0, length).Select(_ => (float)((rng.NextDouble() - 0.3) * Math.Pow(10, rng.Next(-3, 3)))).ToArray();
        Assert.Equal(Reference(x, squares: false), FixedOrderSum.Sum(x));
        Assert.Equal(Reference(x, squares: true), FixedOrderSum.SumOfSquares(x));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void A_non_finite_value_anywhere_makes_the_sum_what_ieee_says(float value)
    {
        for (var at = 0; at < 35; at++)
        {
            var x = Enumerable.Repeat(1.5f, 35).ToArray();
            x[at] = value;
            Assert.Equal(Reference(x, squares: false), FixedOrderSum.Sum(x));
            Assert.Equal(Reference(x, squares: true), FixedOrderSum.SumOfSquares(x));
        }
    }

    private static float Reference(float[] x, bool squares)
    {
        var partial = new float[16];
        for (var i = 0; i < x.Length; i++) partial[i % 16] += squares ? x[i] * x[i] : x[i];
        for (var width = 8; width >= 1; width /= 2)
            for (var j = 0; j < width; j++) partial[j] += partial[j + width];
        return partial[0];
    }
}
