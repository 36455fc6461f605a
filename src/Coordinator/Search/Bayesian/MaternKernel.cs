using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tuner.Coordinator.Search.Numerics;
using Tuner.Coordinator.Search.Numerics.Lanes;

namespace Tuner.Coordinator.Search.Bayesian;

/// <summary>The Matérn 5/2 kernel with one length scale per input coordinate (automatic relevance determination):
/// k(x, x') = s²·(1 + √5·r + 5r²/3)·exp(−√5·r), r² = Σ_d ((x_d − x'_d)/ℓ_d)².</summary>
/// <param name="SignalVariance">s², in units of the standardized objective.</param>
/// <param name="LengthScales">ℓ_d for each coordinate of the unit cube.</param>
internal sealed record MaternKernel(double SignalVariance, double[] LengthScales)
{
    public const double Sqrt5 = 2.2360679774997896964;
    private const double FiveThirds = 5.0 / 3;

    /// <summary>1/ℓ_d², what distances need.</summary>
    public double[] InverseSquaredScales() => [.. LengthScales.Select(l => 1 / (l * l))];

    /// <summary>r²_i = Σ_d (x_d − X_id)²/ℓ_d² from <paramref name="point"/> to the first <c>result.Length</c> points, whose
    /// coordinates are given transposed (<paramref name="coordinates"/>[d][i]), coordinate by coordinate.</summary>
    public static void SquaredDistances(ReadOnlySpan<double> point, double[][] coordinates, ReadOnlySpan<double> inverseSquaredScales, Span<double> result)
    {
        result.Clear();
        for (var d = 0; d < point.Length; d++)
            LaneWise.AddScaledSquaredDifferences(result, point[d], coordinates[d].AsSpan(0, result.Length), inverseSquaredScales[d]);
    }

    /// <summary>In place, each r² becomes the kernel's value s²·(1 + √5 r + 5r²/3)·e^(−√5 r); when <paramref name="slopes"/>
    /// is not empty it receives −(1/r)·dk/dr = s²·(5/3)(1 + √5 r)·e^(−√5 r), which gradients need (one exponential gives
    /// both, and the slope is finite at r = 0). Lane-wise with <see cref="DeterministicExp"/>: the same bits on every
    /// instruction set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Values(Span<double> squaredDistances, double signalVariance, Span<double> slopes)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated) i = Values<Vector256<double>, Vector256Lanes>(squaredDistances, signalVariance, slopes, i);
        else if (Vector128.IsHardwareAccelerated) i = Values<Vector128<double>, Vector128Lanes>(squaredDistances, signalVariance, slopes, i);
        Values<double, ScalarLanes>(squaredDistances, signalVariance, slopes, i);
    }

    /// <summary><see cref="Values(Span{double}, double, Span{double})"/> from element <paramref name="i"/> on, whole vectors
    /// only; returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Values<TVec, TLanes>(Span<double> squaredDistances, double signalVariance, Span<double> slopes, int i)
        where TVec : struct where TLanes : IDoubleLanes<TVec>
    {
        var withSlopes = !slopes.IsEmpty;
        ref var pr = ref MemoryMarshal.GetReference(squaredDistances);
        ref var ps = ref MemoryMarshal.GetReference(slopes);
        var (one, three, sqrt5, fiveThirds, signal) = (TLanes.Broadcast(1), TLanes.Broadcast(3), TLanes.Broadcast(Sqrt5), TLanes.Broadcast(FiveThirds), TLanes.Broadcast(signalVariance));
        for (; i + TLanes.Count <= squaredDistances.Length; i += TLanes.Count)
        {
            var t = TLanes.Multiply(TLanes.Sqrt(TLanes.Load(ref pr, (nuint)i)), sqrt5);
            var e = TLanes.Multiply(DeterministicExp.Exp<TVec, TLanes>(TLanes.Subtract(TLanes.Broadcast(0), t)), signal);
            // (1 + t + t²/3)·e and (1 + t)·(5/3)·e, in that order of operations
            var onePlusT = TLanes.Add(one, t);
            TLanes.Store(TLanes.Multiply(TLanes.Add(onePlusT, TLanes.Divide(TLanes.Multiply(t, t), three)), e), ref pr, (nuint)i);
            if (withSlopes) TLanes.Store(TLanes.Multiply(TLanes.Multiply(onePlusT, fiveThirds), e), ref ps, (nuint)i);
        }
        return i;
    }

    /// <summary>Coordinates transposed: [d][i] = points[i][d], with room for <paramref name="capacity"/> points.</summary>
    public static double[][] Transposed(IReadOnlyList<double[]> points, int width, int capacity)
    {
        var result = new double[width][];
        for (var d = 0; d < width; d++)
        {
            result[d] = new double[Math.Max(capacity, points.Count)];
            for (var i = 0; i < points.Count; i++) result[d][i] = points[i][d];
        }
        return result;
    }
}
