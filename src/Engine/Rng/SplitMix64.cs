using System.Runtime.CompilerServices;

namespace Tuner.Engine.Rng;

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): expands one 64-bit seed into well-mixed words.</summary>
/// <remarks>
/// Used only to seed <see cref="Xoshiro256StarStar"/>, as its authors recommend: nearby seeds
/// (0, 1, 2…) must still give unrelated streams, and SplitMix64 never yields an all-zero state
/// from four consecutive outputs.
/// </remarks>
public static class SplitMix64
{
    /// <summary>Advances <paramref name="state"/> by the golden-ratio increment and returns the mixed value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
