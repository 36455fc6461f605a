using Tuner.Engine.Rng;

namespace Tuner.Engine.Tests.Rng;

public class Xoshiro256StarStarTests
{
    // Expected values come from the reference C code (prng.di.unimi.it/xoshiro256starstar.c and
    // splitmix64.c, Blackman & Vigna) compiled with gcc and printed.
    [Fact]
    public void Outputs_match_the_reference_algorithm_from_state_1_2_3_4()
    {
        var rng = new Xoshiro256StarStar(new Xoshiro256State(1, 2, 3, 4));
        ulong[] expected =
        [
            0x0000000000002d00UL, 0x0000000000000000UL, 0x000000005a007080UL,
            0x10e0000000009d80UL, 0x10e0b61ce1009d80UL, 0x0870021ce143ad00UL,
        ];
        foreach (ulong value in expected)
        {
            Assert.Equal(value, rng.NextUInt64());
        }
    }

    [Fact]
    public void SplitMix64_matches_the_reference_algorithm_from_seed_0()
    {
        ulong state = 0;
        Assert.Equal(0xe220a8397b1dcdafUL, SplitMix64.Next(ref state));
        Assert.Equal(0x6e789e6aa1b965f4UL, SplitMix64.Next(ref state));
        Assert.Equal(0x06c45d188009454fUL, SplitMix64.Next(ref state));
        Assert.Equal(0xf88bb8a8724c81ecUL, SplitMix64.Next(ref state));
    }

    [Fact]
    public void Seeding_from_a_ulong_uses_four_SplitMix64_words_as_the_reference_recommends()
    {
        var rng = new Xoshiro256StarStar(42);
        Assert.Equal(
            new Xoshiro256State(0xbdd732262feb6e95UL, 0x28efe333b266f103UL, 0x47526757130f9f52UL, 0x581ce1ff0e4ae394UL),
            rng.GetState());
        ulong[] expected =
        [
            0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL,
            0xecb8ad4703b360a1UL, 0xfde6dc7fe2ec5e64UL, 0xc50da53101795238UL,
        ];
        foreach (ulong value in expected)
        {
            Assert.Equal(value, rng.NextUInt64());
        }

        for (int i = 0; i < 1000; i++)
        {
            rng.NextUInt64();
        }

        Assert.Equal(0xf499427f2320b9d1UL, rng.NextUInt64()); // the 1007th output
    }

    [Fact]
    public void NextDouble_and_NextFloat_use_the_top_53_and_24_bits()
    {
        var bits = new Xoshiro256StarStar(42);
        var doubles = new Xoshiro256StarStar(42);
        var floats = new Xoshiro256StarStar(42);
        for (int i = 0; i < 100; i++)
        {
            ulong x = bits.NextUInt64();
            Assert.Equal((x >> 11) / 9007199254740992.0, doubles.NextDouble());
            Assert.Equal((x >> 40) / 16777216f, floats.NextFloat());
        }
    }

    [Fact]
    public void NextDouble_and_NextFloat_stay_in_the_half_open_unit_interval()
    {
        var rng = new Xoshiro256StarStar(7);
        for (int i = 0; i < 1_000_000; i++)
        {
            double d = rng.NextDouble();
            float f = rng.NextFloat();
            Assert.True(d is >= 0.0 and < 1.0);
            Assert.True(f is >= 0f and < 1f);
        }
    }

    [Fact]
    public void Restoring_a_saved_state_replays_the_same_sequence()
    {
        var rng = new Xoshiro256StarStar(123);
        for (int i = 0; i < 37; i++)
        {
            rng.NextUInt64();
        }

        Xoshiro256State saved = rng.GetState();
        ulong[] first = Draw(rng, 100);
        double gaussianAfter = rng.NextGaussian();

        rng.SetState(saved);
        Assert.Equal(first, Draw(rng, 100));
        Assert.Equal(gaussianAfter, rng.NextGaussian());

        var fresh = new Xoshiro256StarStar(saved);
        Assert.Equal(first, Draw(fresh, 100));
    }

    [Fact]
    public void The_all_zero_state_is_rejected()
    {
        var rng = new Xoshiro256StarStar(1);
        Assert.Throws<ArgumentException>(() => rng.SetState(default));
        Assert.Throws<ArgumentException>(() => new Xoshiro256StarStar(new Xoshiro256State(0, 0, 0, 0)));
        Assert.False(default(Xoshiro256State).IsValid);
    }

    [Fact]
    public void Same_seed_gives_the_same_stream_and_nearby_seeds_differ()
    {
        Assert.Equal(Draw(new Xoshiro256StarStar(5), 50), Draw(new Xoshiro256StarStar(5), 50));
        Assert.NotEqual(Draw(new Xoshiro256StarStar(5), 50), Draw(new Xoshiro256StarStar(6), 50));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(1_000_003)]
    [InlineData(int.MaxValue)]
    public void NextInt_stays_within_zero_and_the_bound(int maxExclusive)
    {
        var rng = new Xoshiro256StarStar((ulong)maxExclusive);
        for (int i = 0; i < 100_000; i++)
        {
            int value = rng.NextInt(maxExclusive);
            Assert.InRange(value, 0, maxExclusive - 1);
        }
    }

    [Fact]
    public void NextInt_with_bound_1_is_always_0_and_bound_2_gives_both_values()
    {
        var rng = new Xoshiro256StarStar(3);
        var seen = new HashSet<int>();
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(0, rng.NextInt(1));
            seen.Add(rng.NextInt(2));
        }

        Assert.Equal([0, 1], seen.Order());
    }

    [Fact]
    public void NextInt_is_uniform_over_a_small_range()
    {
        // 7 does not divide 2^64, so a plain modulo would be (slightly) biased; with 700,000 draws
        // each bucket must be within 5 standard deviations of 100,000.
        var rng = new Xoshiro256StarStar(2024);
        var counts = new int[7];
        const int draws = 700_000;
        for (int i = 0; i < draws; i++)
        {
            counts[rng.NextInt(7)]++;
        }

        double sd = Math.Sqrt(draws * (1.0 / 7) * (6.0 / 7));
        Assert.All(counts, c => Assert.InRange(c, (draws / 7) - (5 * sd), (draws / 7) + (5 * sd)));
    }

    [Fact]
    public void NextInt_with_a_range_covers_negative_and_full_int_ranges()
    {
        var rng = new Xoshiro256StarStar(11);
        bool sawNegative = false;
        bool sawPositive = false;
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(rng.NextInt(-5, 5), -5, 4);
            int any = rng.NextInt(int.MinValue, int.MaxValue);
            Assert.True(any < int.MaxValue);
            sawNegative |= any < 0;
            sawPositive |= any > 0;
        }

        Assert.True(sawNegative && sawPositive);
    }

    [Fact]
    public void NextInt_rejects_an_empty_range()
    {
        var rng = new Xoshiro256StarStar(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(5, 5));
    }

    [Fact]
    public void NextGaussian_has_mean_0_variance_1_and_normal_tails_for_a_fixed_seed()
    {
        var rng = new Xoshiro256StarStar(42);
        const int n = 200_000;
        double sum = 0, squares = 0, cubes = 0, fourths = 0;
        int withinOneSigma = 0;
        for (int i = 0; i < n; i++)
        {
            double z = rng.NextGaussian();
            sum += z;
            squares += z * z;
            cubes += z * z * z;
            fourths += z * z * z * z;
            withinOneSigma += Math.Abs(z) < 1 ? 1 : 0;
        }

        // Standard errors at n = 200,000: mean 0.0022, variance 0.0032, skewness 0.0055, kurtosis 0.011.
        Assert.InRange(sum / n, -0.01, 0.01);
        Assert.InRange(squares / n, 0.985, 1.015);
        Assert.InRange(cubes / n, -0.03, 0.03);
        Assert.InRange(fourths / n, 2.94, 3.06);
        Assert.InRange(withinOneSigma / (double)n, 0.6827 - 0.005, 0.6827 + 0.005);
    }

    [Fact]
    public void NextGaussian_with_mean_and_std_scales_the_standard_draw()
    {
        var a = new Xoshiro256StarStar(9);
        var b = new Xoshiro256StarStar(9);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(5.0 + (2.0 * a.NextGaussian()), b.NextGaussian(5.0, 2.0));
        }
    }

    [Fact]
    public void NextGaussian_consumes_exactly_two_words()
    {
        var a = new Xoshiro256StarStar(9);
        var b = new Xoshiro256StarStar(9);
        a.NextGaussian();
        b.NextUInt64();
        b.NextUInt64();
        Assert.Equal(b.GetState(), a.GetState());
    }

    [Fact]
    public void Shuffle_gives_a_permutation_deterministically()
    {
        int[] a = Enumerable.Range(0, 1000).ToArray();
        int[] b = Enumerable.Range(0, 1000).ToArray();
        new Xoshiro256StarStar(77).Shuffle(a.AsSpan());
        new Xoshiro256StarStar(77).Shuffle(b.AsSpan());
        Assert.Equal(a, b);
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), a);
    }

    [Fact]
    public void Shuffle_makes_every_permutation_of_three_equally_likely()
    {
        var rng = new Xoshiro256StarStar(31337);
        var counts = new Dictionary<string, int>();
        const int trials = 60_000;
        Span<int> items = stackalloc int[3];
        for (int i = 0; i < trials; i++)
        {
            items[0] = 0;
            items[1] = 1;
            items[2] = 2;
            rng.Shuffle(items);
            string key = $"{items[0]}{items[1]}{items[2]}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Assert.Equal(6, counts.Count);
        double sd = Math.Sqrt(trials * (1.0 / 6) * (5.0 / 6));
        Assert.All(counts.Values, c => Assert.InRange(c, (trials / 6) - (5 * sd), (trials / 6) + (5 * sd)));
    }

    [Fact]
    public void Drawing_numbers_allocates_nothing()
    {
        var rng = new Xoshiro256StarStar(1);
        int[] indices = Enumerable.Range(0, 256).ToArray();
        Exercise(rng, indices); // warm up (JIT)

        long before = GC.GetAllocatedBytesForCurrentThread();
        Exercise(rng, indices);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);

        static void Exercise(Xoshiro256StarStar rng, int[] indices)
        {
            double sink = 0;
            for (int i = 0; i < 1000; i++)
            {
                sink += rng.NextUInt64() + rng.NextDouble() + rng.NextFloat() + rng.NextGaussian() + rng.NextInt(10) + rng.NextInt(-3, 3);
            }

            rng.Shuffle(indices.AsSpan());
            rng.SetState(rng.GetState());
            Assert.True(double.IsFinite(sink));
        }
    }

    private static ulong[] Draw(Xoshiro256StarStar rng, int count)
    {
        var values = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = rng.NextUInt64();
        }

        return values;
    }
}
