namespace Tuner.Engine.Tensors.Simd;

/// <summary>The vector operations the fused element-wise kernels need, as static members so a
/// kernel written once (generic over <typeparamref name="TVec"/> and its ops struct) is compiled
/// by the JIT into a Vector512, a Vector256, a Vector128 and a scalar version with no call overhead.</summary>
internal interface ISimdOps<TVec> where TVec : struct
{
    /// <summary>Lanes per vector (1 for the scalar ops that handle tails).</summary>
    static abstract int Count { get; }

    static abstract TVec Load(ref float source);
    static abstract void Store(TVec value, ref float destination);
    static abstract TVec Broadcast(float value);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Subtract(TVec a, TVec b);
    static abstract TVec Multiply(TVec a, TVec b);
    static abstract TVec Divide(TVec a, TVec b);

    /// <summary>a·b + c, fused where the hardware has FMA.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);
    static abstract TVec Max(TVec a, TVec b);
    static abstract TVec Min(TVec a, TVec b);

    /// <summary>The larger, as the hardware does it (which operand a NaN or ±0 yields is the platform's): one instruction.</summary>
    static abstract TVec MaxNative(TVec a, TVec b);

    /// <summary>The smaller, as the hardware does it: one instruction.</summary>
    static abstract TVec MinNative(TVec a, TVec b);

    /// <summary>A mask of the lanes that hold NaN.</summary>
    static abstract TVec IsNaN(TVec a);
    static abstract TVec Abs(TVec a);
    /// <summary>e^a (<see cref="Exponential"/>: the same operations at every width).</summary>
    static abstract TVec Exp(TVec a);

    /// <summary>The nearest integer, ties to even.</summary>
    static abstract TVec Round(TVec a);

    /// <summary>2^n for integral n in [−127, 128], built in the exponent bits (−127 gives 0, 128 gives +∞); other n: undefined.</summary>
    static abstract TVec PowerOfTwo(TVec n);
    static abstract TVec Sqrt(TVec a);

    /// <summary>Lanes of <paramref name="a"/> where <paramref name="mask"/> is set, else of <paramref name="b"/>.</summary>
    static abstract TVec Select(TVec mask, TVec a, TVec b);
    static abstract TVec LessThan(TVec a, TVec b);
    static abstract TVec GreaterThan(TVec a, TVec b);

    /// <summary>The sign bit of <paramref name="sign"/> copied onto <paramref name="magnitude"/>.</summary>
    static abstract TVec CopySign(TVec magnitude, TVec sign);
}
