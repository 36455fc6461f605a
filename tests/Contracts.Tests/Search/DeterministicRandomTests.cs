using Tuner.Contracts.Search;

namespace Tuner.Contracts.Tests.Search;

public sealed class DeterministicRandomTests
{
    [Fact]
    public void Xoshiro256StarStar_matches_the_reference_outputs_for_state_1_2_3_4()
    {
        var random = DeterministicRandom.FromState(new RandomState(1, 2, 3, 4));
        Assert.Equal([11520UL, 0UL, 1509978240UL, 1215971899390074240UL],
            [random.NextUInt64(), random.NextUInt64(), random.NextUInt64(), random.NextUInt64()]);
    }

    [Fact]
    public void SplitMix64_matches_its_reference_first_output_for_seed_0()
    {
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, DeterministicRandom.SplitMix64(ref state));
    }

    [Fact]
    public void Seeding_through_SplitMix64_matches_an_independent_implementation()
    {
        // Values from a separate Python implementation of SplitMix64 seeding + xoshiro256**.
        var random = new DeterministicRandom(42);
        Assert.Equal([0x15780B2E0C2EC716UL, 0x6104D9866D113A7EUL, 0xAE17533239E499A1UL],
            [random.NextUInt64(), random.NextUInt64(), random.NextUInt64()]);
    }

    [Fact]
    public void A_restored_state_continues_the_same_sequence()
    {
        var random = new DeterministicRandom(7);
        for (var i = 0; i < 10; i++) random.NextUInt64();
        var copy = DeterministicRandom.FromState(random.State);
        for (var i = 0; i < 100; i++) Assert.Equal(random.NextUInt64(), copy.NextUInt64());
    }

    [Fact]
    public void The_all_zero_state_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DeterministicRandom.FromState(new RandomState(0, 0, 0, 0)));
    }

    [Fact]
    public void Streams_are_reproducible_and_distinct_by_name_and_seed()
    {
        static ulong[] Take(DeterministicRandom r) => [r.NextUInt64(), r.NextUInt64(), r.NextUInt64()];
        Assert.Equal(Take(DeterministicRandom.ForStream(42, "random/trial/1")), Take(DeterministicRandom.ForStream(42, "random/trial/1")));
        Assert.NotEqual(Take(DeterministicRandom.ForStream(42, "random/trial/1")), Take(DeterministicRandom.ForStream(42, "random/trial/2")));
        Assert.NotEqual(Take(DeterministicRandom.ForStream(42, "random/trial/1")), Take(DeterministicRandom.ForStream(43, "random/trial/1")));
    }

    [Fact]
    public void NextDouble_lies_in_the_unit_interval_with_the_right_mean()
    {
        var random = new DeterministicRandom(1);
        var sum = 0.0;
        for (var i = 0; i < 100_000; i++)
        {
            var x = random.NextDouble();
            Assert.InRange(x, 0.0, 0.9999999999999999);
            sum += x;
        }
        Assert.InRange(sum / 100_000, 0.497, 0.503);
    }

    [Fact]
    public void NextIndex_is_uniform_by_a_chi_square_test()
    {
        const int buckets = 7, draws = 70_000;
        var random = new DeterministicRandom(3);
        var counts = new int[buckets];
        for (var i = 0; i < draws; i++) counts[random.NextIndex(buckets)]++;
        var expected = draws / (double)buckets;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 22.46, $"chi-square {chiSquare} over the 0.001 critical value for 6 degrees of freedom");
    }

    [Fact]
    public void NextIndex_of_one_is_always_zero_and_of_zero_is_refused()
    {
        var random = new DeterministicRandom(5);
        Assert.Equal(0, random.NextIndex(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextIndex(0));
    }
}
