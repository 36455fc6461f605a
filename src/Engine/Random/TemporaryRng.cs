// TEMPORARY stand-in for the RNG being written on branch `data` (same API). Removed at merge.
namespace Tuner.Engine.Random;

public sealed class Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;
    public Xoshiro256StarStar(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }
    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9, t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t; _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
    public int NextInt(int maxExclusive) => (int)(NextDouble() * maxExclusive);
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--) { int j = NextInt(i + 1); (values[i], values[j]) = (values[j], values[i]); }
    }
    public (ulong, ulong, ulong, ulong) GetState() => (_s0, _s1, _s2, _s3);
    public void SetState((ulong, ulong, ulong, ulong) s) => (_s0, _s1, _s2, _s3) = s;
}
