using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tuner.Engine.Tensors;

/// <summary>Sums that round the same on every instruction-set path: element i goes into running partial sum i mod 16,
/// whatever the vector width (one Vector512, two Vector256, four Vector128 or sixteen floats), and the partials are added
/// in one fixed order. TensorPrimitives' sums keep as many partials as the widest vector has lanes, so AVX-512, AVX2 and
/// NEON round them differently, and a softmax or an L2 penalty summed that way trained the same model to other bits on
/// each kind of machine. Squares are multiplied, then added (never fused), for the same reason.</summary>
internal static class FixedOrderSum
{
    private const int Lanes = 16;

    /// <summary>Σ x.</summary>
    public static float Sum(ReadOnlySpan<float> x) => Reduce(x, squares: false);

    /// <summary>Σ x².</summary>
    public static float SumOfSquares(ReadOnlySpan<float> x) => Reduce(x, squares: true);

    private static float Reduce(ReadOnlySpan<float> x, bool squares)
    {
        Span<float> partial = stackalloc float[Lanes];
        partial.Clear();
        int blocks = x.Length / Lanes;
        ref float first = ref MemoryMarshal.GetReference(x);
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            for (int b = 0; b < blocks; b++)
            {
                var v = Vector512.LoadUnsafe(ref first, (nuint)(b * Lanes));
                acc += squares ? v * v : v;
            }
            acc.CopyTo(partial);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> lo = Vector256<float>.Zero, hi = Vector256<float>.Zero;
            for (int b = 0; b < blocks; b++)
            {
                var v0 = Vector256.LoadUnsafe(ref first, (nuint)(b * Lanes));
                var v1 = Vector256.LoadUnsafe(ref first, (nuint)(b * Lanes + 8));
                lo += squares ? v0 * v0 : v0;
                hi += squares ? v1 * v1 : v1;
            }
            lo.CopyTo(partial);
            hi.CopyTo(partial[8..]);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> a0 = Vector128<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (int b = 0; b < blocks; b++)
            {
                nuint at = (nuint)(b * Lanes);
                var v0 = Vector128.LoadUnsafe(ref first, at);
                var v1 = Vector128.LoadUnsafe(ref first, at + 4);
                var v2 = Vector128.LoadUnsafe(ref first, at + 8);
                var v3 = Vector128.LoadUnsafe(ref first, at + 12);
                a0 += squares ? v0 * v0 : v0;
                a1 += squares ? v1 * v1 : v1;
                a2 += squares ? v2 * v2 : v2;
                a3 += squares ? v3 * v3 : v3;
            }
            a0.CopyTo(partial);
            a1.CopyTo(partial[4..]);
            a2.CopyTo(partial[8..]);
            a3.CopyTo(partial[12..]);
        }
        else
        {
            for (int b = 0; b < blocks; b++)
                for (int j = 0; j < Lanes; j++) partial[j] += Term(x[b * Lanes + j], squares);
        }
        for (int i = blocks * Lanes; i < x.Length; i++) partial[i - blocks * Lanes] += Term(x[i], squares);
        // Halving: lane j takes lane j + width/2, down to one.
        for (int width = Lanes / 2; width >= 1; width /= 2)
            for (int j = 0; j < width; j++) partial[j] += partial[j + width];
        return partial[0];
    }

    // .NET never contracts a product and a sum into a fused multiply-add by itself, here or in the vector lanes above.
    private static float Term(float x, bool square) => square ? x * x : x;
}
