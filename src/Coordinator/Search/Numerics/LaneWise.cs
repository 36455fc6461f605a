using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tuner.Coordinator.Search.Numerics;

/// <summary>Element-wise updates whose every element gets the same operations in the same order whatever the vector width
/// (Vector256, Vector128 or scalar): products and differences are never fused, and nothing is summed across elements,
/// so the bits are the same on every instruction set (see <see cref="OrderedDot"/> for sums across elements).</summary>
internal static class LaneWise
{
    /// <summary>The columns <see cref="SubtractCombination"/> updates at once: four Vector256 or eight Vector128 registers.</summary>
    public const int BlockWidth = 16;

    /// <summary>y_k ← y_k − s·x_k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractScaled(Span<double> y, double s, ReadOnlySpan<double> x)
    {
        var n = y.Length;
        ref var py = ref MemoryMarshal.GetReference(y);
        ref var px = ref MemoryMarshal.GetReference(x);
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var scale = Vector256.Create(s);
            for (; k + 4 <= n; k += 4)
                (Vector256.LoadUnsafe(ref py, (nuint)k) - scale * Vector256.LoadUnsafe(ref px, (nuint)k)).StoreUnsafe(ref py, (nuint)k);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var scale = Vector128.Create(s);
            for (; k + 2 <= n; k += 2)
                (Vector128.LoadUnsafe(ref py, (nuint)k) - scale * Vector128.LoadUnsafe(ref px, (nuint)k)).StoreUnsafe(ref py, (nuint)k);
        }
        for (; k < n; k++) y[k] -= s * x[k];
    }

    /// <summary>y_k ← (y_k − s·x_k) − t·z_k: two <see cref="SubtractScaled"/> in one pass, with the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractScaledPair(Span<double> y, double s, ReadOnlySpan<double> x, double t, ReadOnlySpan<double> z)
    {
        var n = y.Length;
        ref var py = ref MemoryMarshal.GetReference(y);
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var pz = ref MemoryMarshal.GetReference(z);
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (vs, vt) = (Vector256.Create(s), Vector256.Create(t));
            for (; k + 4 <= n; k += 4)
                (Vector256.LoadUnsafe(ref py, (nuint)k) - vs * Vector256.LoadUnsafe(ref px, (nuint)k) - vt * Vector256.LoadUnsafe(ref pz, (nuint)k)).StoreUnsafe(ref py, (nuint)k);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var (vs, vt) = (Vector128.Create(s), Vector128.Create(t));
            for (; k + 2 <= n; k += 2)
                (Vector128.LoadUnsafe(ref py, (nuint)k) - vs * Vector128.LoadUnsafe(ref px, (nuint)k) - vt * Vector128.LoadUnsafe(ref pz, (nuint)k)).StoreUnsafe(ref py, (nuint)k);
        }
        for (; k < n; k++) y[k] = y[k] - s * x[k] - t * z[k];
    }

    /// <summary>t_k ← t_k + (x − x_k)²·s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaledSquaredDifferences(Span<double> target, double x, ReadOnlySpan<double> xs, double s)
    {
        var n = target.Length;
        ref var pt = ref MemoryMarshal.GetReference(target);
        ref var px = ref MemoryMarshal.GetReference(xs);
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var from = Vector256.Create(x);
            for (; k + 4 <= n; k += 4)
            {
                var difference = from - Vector256.LoadUnsafe(ref px, (nuint)k);
                (Vector256.LoadUnsafe(ref pt, (nuint)k) + difference * difference * s).StoreUnsafe(ref pt, (nuint)k);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var from = Vector128.Create(x);
            for (; k + 2 <= n; k += 2)
            {
                var difference = from - Vector128.LoadUnsafe(ref px, (nuint)k);
                (Vector128.LoadUnsafe(ref pt, (nuint)k) + difference * difference * s).StoreUnsafe(ref pt, (nuint)k);
            }
        }
        for (; k < n; k++)
        {
            var difference = x - xs[k];
            target[k] += difference * difference * s;
        }
    }

    /// <summary>t_k ← (x − x_k)·s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaledDifferences(Span<double> target, double x, ReadOnlySpan<double> xs, double s)
    {
        var n = target.Length;
        ref var pt = ref MemoryMarshal.GetReference(target);
        ref var px = ref MemoryMarshal.GetReference(xs);
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var from = Vector256.Create(x);
            for (; k + 4 <= n; k += 4) ((from - Vector256.LoadUnsafe(ref px, (nuint)k)) * s).StoreUnsafe(ref pt, (nuint)k);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var from = Vector128.Create(x);
            for (; k + 2 <= n; k += 2) ((from - Vector128.LoadUnsafe(ref px, (nuint)k)) * s).StoreUnsafe(ref pt, (nuint)k);
        }
        for (; k < n; k++) target[k] = (x - xs[k]) * s;
    }

    /// <summary>t_k ← a_k·b_k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Products(Span<double> target, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = target.Length;
        ref var pt = ref MemoryMarshal.GetReference(target);
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; k + 4 <= n; k += 4) (Vector256.LoadUnsafe(ref pa, (nuint)k) * Vector256.LoadUnsafe(ref pb, (nuint)k)).StoreUnsafe(ref pt, (nuint)k);
        else if (Vector128.IsHardwareAccelerated)
            for (; k + 2 <= n; k += 2) (Vector128.LoadUnsafe(ref pa, (nuint)k) * Vector128.LoadUnsafe(ref pb, (nuint)k)).StoreUnsafe(ref pt, (nuint)k);
        for (; k < n; k++) target[k] = a[k] * b[k];
    }

    /// <summary>t_k ← (x − x_k)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SquaredDifferences(Span<double> target, double x, ReadOnlySpan<double> xs)
    {
        var n = target.Length;
        ref var pt = ref MemoryMarshal.GetReference(target);
        ref var px = ref MemoryMarshal.GetReference(xs);
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var from = Vector256.Create(x);
            for (; k + 4 <= n; k += 4)
            {
                var difference = from - Vector256.LoadUnsafe(ref px, (nuint)k);
                (difference * difference).StoreUnsafe(ref pt, (nuint)k);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var from = Vector128.Create(x);
            for (; k + 2 <= n; k += 2)
            {
                var difference = from - Vector128.LoadUnsafe(ref px, (nuint)k);
                (difference * difference).StoreUnsafe(ref pt, (nuint)k);
            }
        }
        for (; k < n; k++)
        {
            var difference = x - xs[k];
            target[k] = difference * difference;
        }
    }

    /// <summary>t_c ← (t_c − Σ_j a_j·rows[j·w + c]) / divisor for the <see cref="BlockWidth"/> = w columns of
    /// <paramref name="target"/>, subtracting in the order j = 0, 1, …: row i of a triangular solve with w right-hand sides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractCombination(Span<double> target, ReadOnlySpan<double> coefficients, ReadOnlySpan<double> rows, double divisor)
    {
        if (Vector256.IsHardwareAccelerated) SubtractCombinationVector256(target, coefficients, rows, divisor);
        else if (Vector128.IsHardwareAccelerated) SubtractCombinationVector128(target, coefficients, rows, divisor);
        else SubtractCombinationScalar(target, coefficients, rows, divisor);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SubtractCombinationVector256(Span<double> target, ReadOnlySpan<double> coefficients, ReadOnlySpan<double> rows, double divisor)
    {
        const int w = BlockWidth;
        if (target.Length != w || rows.Length < coefficients.Length * w) throw new ArgumentException("a block is 16 columns wide");
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var r = ref MemoryMarshal.GetReference(rows);
        var a0 = Vector256.LoadUnsafe(ref t, 0);
        var a1 = Vector256.LoadUnsafe(ref t, 4);
        var a2 = Vector256.LoadUnsafe(ref t, 8);
        var a3 = Vector256.LoadUnsafe(ref t, 12);
        for (var j = 0; j < coefficients.Length; j++)
        {
            var c = Vector256.Create(coefficients[j]);
            var at = (nuint)(j * w);
            a0 -= c * Vector256.LoadUnsafe(ref r, at);
            a1 -= c * Vector256.LoadUnsafe(ref r, at + 4);
            a2 -= c * Vector256.LoadUnsafe(ref r, at + 8);
            a3 -= c * Vector256.LoadUnsafe(ref r, at + 12);
        }
        var d = Vector256.Create(divisor);
        (a0 / d).StoreUnsafe(ref t, 0);
        (a1 / d).StoreUnsafe(ref t, 4);
        (a2 / d).StoreUnsafe(ref t, 8);
        (a3 / d).StoreUnsafe(ref t, 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SubtractCombinationVector128(Span<double> target, ReadOnlySpan<double> coefficients, ReadOnlySpan<double> rows, double divisor)
    {
        const int w = BlockWidth;
        if (target.Length != w || rows.Length < coefficients.Length * w) throw new ArgumentException("a block is 16 columns wide");
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var r = ref MemoryMarshal.GetReference(rows);
        var a0 = Vector128.LoadUnsafe(ref t, 0);
        var a1 = Vector128.LoadUnsafe(ref t, 2);
        var a2 = Vector128.LoadUnsafe(ref t, 4);
        var a3 = Vector128.LoadUnsafe(ref t, 6);
        var a4 = Vector128.LoadUnsafe(ref t, 8);
        var a5 = Vector128.LoadUnsafe(ref t, 10);
        var a6 = Vector128.LoadUnsafe(ref t, 12);
        var a7 = Vector128.LoadUnsafe(ref t, 14);
        for (var j = 0; j < coefficients.Length; j++)
        {
            var c = Vector128.Create(coefficients[j]);
            var at = (nuint)(j * w);
            a0 -= c * Vector128.LoadUnsafe(ref r, at);
            a1 -= c * Vector128.LoadUnsafe(ref r, at + 2);
            a2 -= c * Vector128.LoadUnsafe(ref r, at + 4);
            a3 -= c * Vector128.LoadUnsafe(ref r, at + 6);
            a4 -= c * Vector128.LoadUnsafe(ref r, at + 8);
            a5 -= c * Vector128.LoadUnsafe(ref r, at + 10);
            a6 -= c * Vector128.LoadUnsafe(ref r, at + 12);
            a7 -= c * Vector128.LoadUnsafe(ref r, at + 14);
        }
        var d = Vector128.Create(divisor);
        (a0 / d).StoreUnsafe(ref t, 0);
        (a1 / d).StoreUnsafe(ref t, 2);
        (a2 / d).StoreUnsafe(ref t, 4);
        (a3 / d).StoreUnsafe(ref t, 6);
        (a4 / d).StoreUnsafe(ref t, 8);
        (a5 / d).StoreUnsafe(ref t, 10);
        (a6 / d).StoreUnsafe(ref t, 12);
        (a7 / d).StoreUnsafe(ref t, 14);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SubtractCombinationScalar(Span<double> target, ReadOnlySpan<double> coefficients, ReadOnlySpan<double> rows, double divisor)
    {
        const int w = BlockWidth;
        if (target.Length != w || rows.Length < coefficients.Length * w) throw new ArgumentException("a block is 16 columns wide");
        for (var j = 0; j < coefficients.Length; j++)
        {
            var c = coefficients[j];
            var row = rows.Slice(j * w, w);
            for (var k = 0; k < w; k++) target[k] -= c * row[k];
        }
        for (var k = 0; k < w; k++) target[k] /= divisor;
    }
}
