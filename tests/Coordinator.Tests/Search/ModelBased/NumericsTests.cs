using System.Runtime.Intrinsics;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Numerics;
using Tuner.Coordinator.Search.Numerics.Lanes;

namespace Tuner.Coordinator.Tests.Search.ModelBased;

public sealed class NumericsTests
{
    [Fact]
    public void Lbfgs_minimizes_the_rosenbrock_function()
    {
        var x = new[] { -1.2, 1.0 };
        var value = Lbfgs.Minimize((p, g) =>
        {
            var (a, b) = (p[0], p[1]);
            g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
            g[1] = 200 * (b - a * a);
            return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
        }, x, 500, tolerance: 1e-12);
        Assert.True(value < 1e-8, $"f = {value} at ({x[0]}, {x[1]})");
        Assert.Equal(1, x[0], 3);
        Assert.Equal(1, x[1], 3);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(37)] // long enough for the vector paths of OrderedDot
    public void Cholesky_solves_inverts_and_refuses_an_indefinite_matrix(int n)
    {
        var random = DeterministicRandom.ForStream(7, "cholesky");
        var m = new double[n * n];
        for (var i = 0; i < m.Length; i++) m[i] = random.NextDouble() - 0.5;
        var a = new double[n * n]; // MᵀM + I: symmetric positive definite
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double sum = i == j ? 1 : 0;
                for (var k = 0; k < n; k++) sum += m[k * n + i] * m[k * n + j];
                a[i * n + j] = sum;
            }
        var factor = Cholesky.TryFactor(a, n)!;
        var b = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        var x = (double[])b.Clone();
        factor.Solve(x);
        for (var i = 0; i < n; i++) Assert.Equal(b[i], Enumerable.Range(0, n).Sum(j => a[i * n + j] * x[j]), 10);
        var inverse = new double[n * n];
        factor.Inverse(inverse, new double[n * n]);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                Assert.Equal(i == j ? 1 : 0, Enumerable.Range(0, n).Sum(k => inverse[i * n + k] * a[k * n + j]), 10);
        Assert.Null(Cholesky.TryFactor([1, 2, 2, 1], 2));
    }

    [Fact]
    public void OrderedDot_gives_the_same_bits_on_every_path_in_its_documented_order()
    {
        var random = DeterministicRandom.ForStream(11, "dot");
        foreach (var n in (int[])[0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 64, 150, 333])
        {
            // Magnitudes spread over many orders, so a different order of additions would change the bits.
            var a = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, 8 * random.NextDouble())).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, 8 * random.NextDouble())).ToArray();
            var s = new double[8];
            var k = 0;
            for (; k + 8 <= n; k += 8)
                for (var lane = 0; lane < 8; lane++) s[lane] += a[k + lane] * b[k + lane];
            var expected = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
            for (; k < n; k++) expected += a[k] * b[k];

            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(OrderedDot.Scalar(a, b)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(OrderedDot.Vector128Path(a, b)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(OrderedDot.Vector256Path(a, b)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(OrderedDot.Dot(a, b)));
        }
    }

    [Fact]
    public void A_block_solve_gives_every_path_the_bits_of_one_column_solved_alone_in_order()
    {
        const int w = LaneWise.BlockWidth;
        var random = DeterministicRandom.ForStream(13, "block");
        foreach (var rows in (int[])[0, 1, 5, 40])
        {
            var coefficients = Enumerable.Range(0, rows).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, 6 * random.NextDouble())).ToArray();
            var block = Enumerable.Range(0, rows * w).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, 6 * random.NextDouble())).ToArray();
            var target = Enumerable.Range(0, w).Select(_ => random.NextDouble() - 0.5).ToArray();
            var divisor = 0.5 + random.NextDouble();
            var expected = new double[w];
            for (var c = 0; c < w; c++)
            {
                var value = target[c];
                for (var j = 0; j < rows; j++) value -= coefficients[j] * block[j * w + c];
                expected[c] = value / divisor;
            }
            foreach (var path in (Action<double[]>[])[
                         t => LaneWise.SubtractCombination<double, ScalarLanes>(t, coefficients, block, divisor),
                         t => LaneWise.SubtractCombination<Vector128<double>, Vector128Lanes>(t, coefficients, block, divisor),
                         t => LaneWise.SubtractCombination<Vector256<double>, Vector256Lanes>(t, coefficients, block, divisor),
                         t => LaneWise.SubtractCombination(t, coefficients, block, divisor)])
            {
                var actual = (double[])target.Clone();
                path(actual);
                Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
            }
        }
    }

    [Fact]
    public void DeterministicExp_is_within_two_ulp_of_the_true_value_with_the_same_bits_on_every_path()
    {
        var random = DeterministicRandom.ForStream(17, "exp");
        var xs = Enumerable.Range(0, 4000).Select(_ => -750 + 1500 * random.NextDouble())
            .Concat([0.0, -0.0, 1e-300, -1e-17, 0.5 * Math.Log(2), -0.5 * Math.Log(2), 1, -1, -708, 708, -745, 800]).ToArray();
        foreach (var x in xs)
        {
            var scalar = DeterministicExp.Exp(x);
            var v128 = DeterministicExp.Exp<Vector128<double>, Vector128Lanes>(Vector128.Create(x)).ToScalar();
            var v256 = DeterministicExp.Exp<Vector256<double>, Vector256Lanes>(Vector256.Create(x)).ToScalar();
            Assert.Equal(BitConverter.DoubleToInt64Bits(scalar), BitConverter.DoubleToInt64Bits(v128));
            Assert.Equal(BitConverter.DoubleToInt64Bits(scalar), BitConverter.DoubleToInt64Bits(v256));
            var clamped = Math.Clamp(x, DeterministicExp.Lowest, DeterministicExp.Highest);
            var expected = Math.Exp(clamped);
            Assert.True(Math.Abs(scalar - expected) <= 2 * Math.BitIncrement(expected) - 2 * expected, $"exp({x}) = {scalar:R}, expected {expected:R}");
        }
    }

    [Theory]
    [InlineData(-1.0, 2.0)]
    [InlineData(3.0, 5.0)]
    [InlineData(-9.0, -8.5)]
    public void A_truncated_normals_quantiles_stay_inside_and_invert_its_cdf(double a, double b)
    {
        foreach (var u in (double[])[0.01, 0.25, 0.5, 0.75, 0.99])
        {
            var z = NormalDistribution.TruncatedQuantile(a, b, u);
            Assert.InRange(z, a, b);
            Assert.Equal(u, NormalDistribution.Mass(a, z) / NormalDistribution.Mass(a, b), 6);
        }
    }
}
