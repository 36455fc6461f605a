using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tuner.Engine.Rng;

/// <summary>
/// xoshiro256** 1.0 (Blackman &amp; Vigna, 2018): a small, fast, checkpointable PRNG with a
/// 2^256 − 1 period, the engine's only source of randomness.
/// </summary>
/// <remarks>
/// <para>Why our own generator rather than <see cref="System.Random"/> or MathNet's: training
/// checkpoints must capture and restore the generator exactly (<see cref="GetState"/> /
/// <see cref="SetState"/>), and the sequence for a seed must never change with a runtime upgrade.
/// <see cref="NextUInt64"/> is bit-for-bit the reference C implementation.</para>
/// <para>No method allocates. Not thread-safe: give each thread (or trial) its own instance.</para>
/// <para>Derived values: <see cref="NextDouble"/> uses the top 53 bits, <see cref="NextFloat"/>
/// the top 24, <see cref="NextInt(int)"/> is Lemire's unbiased multiply-and-reject, and
/// <see cref="NextGaussian()"/> is Box–Muller consuming exactly two words per value (no cached
/// second value, so the four-word state is the whole state). Gaussians use <see cref="Math.Log(double)"/>
/// and <see cref="Math.Cos"/>, so they are bit-identical on one platform and runtime; the integer,
/// float and double streams are bit-identical everywhere.</para>
/// </remarks>
public sealed class Xoshiro256StarStar
{
    private const double DoubleUnit = 1.0 / (1UL << 53);
    private const float FloatUnit = 1.0f / (1 << 24);

    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the four state words from <paramref name="seed"/> with <see cref="SplitMix64"/>, as the authors recommend.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        ulong sm = seed;
        _s0 = SplitMix64.Next(ref sm);
        _s1 = SplitMix64.Next(ref sm);
        _s2 = SplitMix64.Next(ref sm);
        _s3 = SplitMix64.Next(ref sm);
    }

    /// <summary>Continues from a state captured with <see cref="GetState"/>.</summary>
    public Xoshiro256StarStar(Xoshiro256State state) => SetState(state);

    /// <summary>The four state words; pass them to <see cref="SetState"/> to replay from here.</summary>
    public Xoshiro256State GetState() => new(_s0, _s1, _s2, _s3);

    /// <summary>Restores a state captured with <see cref="GetState"/>.</summary>
    /// <exception cref="ArgumentException">The state is all zeros (not reachable from any seed; xoshiro would emit only zeros).</exception>
    public void SetState(Xoshiro256State state)
    {
        if (!state.IsValid)
        {
            throw new ArgumentException("xoshiro256** state must not be all zeros.", nameof(state));
        }

        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
    }

    /// <summary>The next 64 random bits (the reference algorithm's <c>next()</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits: <c>(next() &gt;&gt; 11) · 2^-53</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * DoubleUnit;

    /// <summary>Uniform in [0, 1) with 24 random bits: <c>(next() &gt;&gt; 40) · 2^-24</c>; never rounds up to 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (NextUInt64() >> 40) * FloatUnit;

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            ThrowMaxNotPositive(maxExclusive);
        }

        return (int)NextBelow((ulong)maxExclusive);
    }

    /// <summary>Uniform integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxExclusive),
                $"maxExclusive ({maxExclusive}) must be greater than minInclusive ({minInclusive}).");
        }

        // The range may exceed int.MaxValue (e.g. int.MinValue..int.MaxValue), hence 64-bit arithmetic.
        return (int)(minInclusive + (long)NextBelow((ulong)((long)maxExclusive - minInclusive)));
    }

    /// <summary>
    /// Uniform in [0, n) for 0 &lt; n &lt;= 2^32 by Lemire (2019), "Fast random integer generation in
    /// an interval": the high word of a 64×64-bit product, redrawn only when the low word falls in
    /// the biased zone (probability &lt; n / 2^64).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong NextBelow(ulong n)
    {
        ulong high = Math.BigMul(NextUInt64(), n, out ulong low);
        if (low < n)
        {
            ulong threshold = (0UL - n) % n; // 2^64 mod n: the size of the biased zone
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), n, out low);
            }
        }

        return high;
    }

    /// <summary>A standard normal value N(0, 1) by Box–Muller; consumes exactly two 64-bit words.</summary>
    public double NextGaussian()
    {
        // u1 in (0, 1] so the logarithm is finite; u2 in [0, 1).
        double u1 = ((NextUInt64() >> 11) + 1) * DoubleUnit;
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A normal value N(<paramref name="mean"/>, <paramref name="standardDeviation"/>²).</summary>
    public double NextGaussian(double mean, double standardDeviation) => mean + (standardDeviation * NextGaussian());

    /// <summary>Fisher–Yates shuffle in place: every permutation equally likely.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static void ThrowMaxNotPositive(int maxExclusive) =>
        throw new ArgumentOutOfRangeException(nameof(maxExclusive), $"maxExclusive must be positive (got {maxExclusive}).");
}
