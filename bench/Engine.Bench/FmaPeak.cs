using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors;

namespace Tuner.Engine.Bench;

/// <summary>
/// The machine's FMA throughput right now, measured the way ../shared/perf/fma_peak.c does: 12
/// independent chains of 512-bit (or 256-bit) fused multiply-adds on every thread of a team.
/// Measured beside each timed repeat, it turns a GFLOP/s figure into a share of what the shared
/// machine delivered at that moment.
/// </summary>
internal sealed class FmaPeak : IParallelWork
{
    private const long Iterations = 400_000; // ≈ 1 ms at 190 GFLOP/s
    private readonly double[] _gflops = new double[64];

    /// <summary>Sum over the team's threads of each thread's FMA GFLOP/s.</summary>
    public double Measure(ComputeTeam team)
    {
        team.Run(team.Size, this);
        var sum = 0.0;
        for (var i = 0; i < team.Size; i++) sum += _gflops[i];
        return sum;
    }

    public void Execute(int part, int parts)
    {
        var sw = Stopwatch.StartNew();
        var flops = Vector512.IsHardwareAccelerated ? Loop512(Iterations) : Loop256(Iterations);
        _gflops[part] = flops / sw.Elapsed.TotalSeconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Loop512(long iterations)
    {
        var a = Vector512.Create(0.999999f);
        var b = Vector512.Create(1e-7f);
        Vector512<float> c0 = Vector512.Create(0.10f), c1 = Vector512.Create(0.11f), c2 = Vector512.Create(0.12f),
            c3 = Vector512.Create(0.13f), c4 = Vector512.Create(0.14f), c5 = Vector512.Create(0.15f),
            c6 = Vector512.Create(0.16f), c7 = Vector512.Create(0.17f), c8 = Vector512.Create(0.18f),
            c9 = Vector512.Create(0.19f), c10 = Vector512.Create(0.20f), c11 = Vector512.Create(0.21f);
        for (var i = 0L; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b); c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b); c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b); c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b); c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b); c9 = Vector512.FusedMultiplyAdd(c9, a, b);
            c10 = Vector512.FusedMultiplyAdd(c10, a, b); c11 = Vector512.FusedMultiplyAdd(c11, a, b);
        }
        var s = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
        return Vector512.Sum(s) == 12345f ? 0 : iterations * 12.0 * 16 * 2;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Loop256(long iterations)
    {
        var a = Vector256.Create(0.999999f);
        var b = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(0.10f), c1 = Vector256.Create(0.11f), c2 = Vector256.Create(0.12f),
            c3 = Vector256.Create(0.13f), c4 = Vector256.Create(0.14f), c5 = Vector256.Create(0.15f),
            c6 = Vector256.Create(0.16f), c7 = Vector256.Create(0.17f), c8 = Vector256.Create(0.18f),
            c9 = Vector256.Create(0.19f), c10 = Vector256.Create(0.20f), c11 = Vector256.Create(0.21f);
        for (var i = 0L; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, a, b); c1 = Vector256.FusedMultiplyAdd(c1, a, b);
            c2 = Vector256.FusedMultiplyAdd(c2, a, b); c3 = Vector256.FusedMultiplyAdd(c3, a, b);
            c4 = Vector256.FusedMultiplyAdd(c4, a, b); c5 = Vector256.FusedMultiplyAdd(c5, a, b);
            c6 = Vector256.FusedMultiplyAdd(c6, a, b); c7 = Vector256.FusedMultiplyAdd(c7, a, b);
            c8 = Vector256.FusedMultiplyAdd(c8, a, b); c9 = Vector256.FusedMultiplyAdd(c9, a, b);
            c10 = Vector256.FusedMultiplyAdd(c10, a, b); c11 = Vector256.FusedMultiplyAdd(c11, a, b);
        }
        var s = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
        return Vector256.Sum(s) == 12345f ? 0 : iterations * 12.0 * 8 * 2;
    }
}
