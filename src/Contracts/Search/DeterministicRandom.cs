using System.Numerics;
using System.Text;

namespace Tuner.Contracts.Search;

/// <summary>xoshiro256** 1.0 (Blackman and Vigna), seeded through SplitMix64: the same numbers on
/// every platform and .NET version (unlike <see cref="System.Random"/>), with a serializable state.</summary>
/// <remarks>Self-contained on purpose: Contracts depends on nothing, and the sequence is part of
/// the reproducibility contract (a job's seed decides its configurations).</remarks>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DeterministicRandom(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    private DeterministicRandom(RandomState state) =>
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);

    /// <summary>An independent stream named <paramref name="stream"/> under a job seed, e.g.
    /// <c>ForStream(42, "random/trial/7")</c>: the name is hashed (FNV-1a, stable across runs)
    /// and mixed with the seed, so streams with different names do not overlap in practice.</summary>
    public static DeterministicRandom ForStream(long seed, string stream)
    {
        var mixed = (ulong)seed;
        mixed = SplitMix64(ref mixed) ^ Fnv1a64(stream);
        return new DeterministicRandom(mixed);
    }

    public static DeterministicRandom FromState(RandomState state) =>
        state is { S0: 0, S1: 0, S2: 0, S3: 0 }
            ? throw new ArgumentException("the all-zero state is not a valid xoshiro256** state", nameof(state))
            : new DeterministicRandom(state);

    public RandomState State => new(_s0, _s1, _s2, _s3);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="count"/>), without modulo bias (Lemire's method).</summary>
    public long NextIndex(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var bound = (ulong)count;
        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold)
                high = Math.BigMul(NextUInt64(), bound, out low);
        }
        return (long)high;
    }

    /// <summary>One step of SplitMix64 (Steele, Lea and Flood): advances <paramref name="state"/> and returns a mixed word.</summary>
    public static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>64-bit FNV-1a of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ulong Fnv1a64(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }
}
