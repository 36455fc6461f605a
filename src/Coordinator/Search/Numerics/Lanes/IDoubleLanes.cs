namespace Tuner.Coordinator.Search.Numerics.Lanes;

/// <summary>The double-precision lane operations the search's numerics need, as static members, so a loop written once
/// (generic over <typeparamref name="TVec"/> and its lanes struct) is compiled by the JIT into a Vector256, a Vector128
/// and a scalar version with no call overhead — the pattern of the engine's <c>ISimdOps</c>. Every operation is the
/// IEEE operation on each lane, never fused, so each lane gets the same bits at every width.</summary>
internal interface IDoubleLanes<TVec> where TVec : struct
{
    /// <summary>Lanes per vector (1 for the scalar lanes that handle tails).</summary>
    static abstract int Count { get; }

    static abstract TVec Load(ref double source, nuint offset);
    static abstract void Store(TVec value, ref double destination, nuint offset);
    static abstract TVec Broadcast(double value);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Subtract(TVec a, TVec b);
    static abstract TVec Multiply(TVec a, TVec b);
    static abstract TVec Divide(TVec a, TVec b);
    static abstract TVec Sqrt(TVec a);
    static abstract TVec Min(TVec a, TVec b);
    static abstract TVec Max(TVec a, TVec b);

    /// <summary>The double whose bits are <paramref name="a"/>'s bits minus <paramref name="subtrahend"/>, shifted left by
    /// <paramref name="shift"/>, as 64-bit integers (building 2^k in the exponent bits).</summary>
    static abstract TVec ShiftedBitsDifference(TVec a, long subtrahend, int shift);
}
