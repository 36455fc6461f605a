namespace Tuner.Engine.Rng;

/// <summary>The complete state of a <see cref="Xoshiro256StarStar"/>: four 64-bit words, never all zero.</summary>
/// <remarks>Checkpoints store these four words; restoring them continues the exact same sequence.</remarks>
public readonly record struct Xoshiro256State(ulong S0, ulong S1, ulong S2, ulong S3)
{
    /// <summary>False for the all-zero state, from which xoshiro would only ever produce zeros.</summary>
    public bool IsValid => (S0 | S1 | S2 | S3) != 0;
}
