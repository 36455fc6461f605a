using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors;

namespace Tuner.Engine.Bench;

/// <summary>
/// The machine's FMA throughput right now, measured the way ../shared/perf/fma_peak.c does: 12
/// independent chains of fused multiply-adds of one vector width (512, 256, 128 bits, or scalar) on
/// every thread of a team, timed by each thread's CPU time. Measured beside each timed repeat, it turns
/// a GFLOP/s figure into a share of what a core delivers, for the width the measured kernel uses.
/// </summary>
/// <remarks>The 128-bit loop multiplies-adds the way <c>Vector128Ops</c> does: fused where the
/// hardware has FMA, a multiply and an add otherwise (x86 without AVX2: .NET enables FMA only with
/// AVX2) — the peak that path can reach.</remarks>
internal sealed class FmaPeak : IParallelWork
{
    private const long Iterations = 400_000; // ≈ 1 ms at 190 GFLOP/s
    private readonly double[] _gflops = new double[64];
    private int _width;

    /// <summary>The vector width in bits whose peak a kernel is held to (1 = scalar).</summary>
    public static int WidthOf(GemmIsa isa) => isa switch
    {
        GemmIsa.Avx512 => 512,
        GemmIsa.Avx2 => 256,
        GemmIsa.Vector128 => 128,
        _ => 1,
    };

    /// <summary>The widest width this process runs vector code at.</summary>
    public static int BestWidth => Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 1;

    /// <summary>Sum over the team's threads of each thread's FMA GFLOP/s at <paramref name="width"/> bits.</summary>
    public double Measure(ComputeTeam team, int width = 0)
    {
        _width = width == 0 ? BestWidth : width;
        team.Run(team.Size, this);
        var sum = 0.0;
        for (var i = 0; i < team.Size; i++) sum += _gflops[i];
        return sum;
    }

    public void Execute(int part, int parts)
    {
        // This thread's CPU time, not the wall clock: a loop the scheduler interrupts on a shared machine
        // would otherwise report a fraction of the core's peak (and figures above 100 % of it).
        var cpu0 = CpuLoad.ThreadCpuSeconds();
        var sw = Stopwatch.StartNew();
        var flops = _width switch
        {
            512 => Loop512(Iterations),
            256 => Loop256(Iterations),
            128 => Fused128 ? Loop128(Iterations) : Loop128Unfused(Iterations),
            _ => LoopScalar(Iterations / 8),
        };
        var cpu = CpuLoad.ThreadCpuSeconds() - cpu0;
        _gflops[part] = flops / (double.IsFinite(cpu) && cpu > 0 ? cpu : sw.Elapsed.TotalSeconds) / 1e9;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Loop128(long iterations)
    {
        var a = Vector128.Create(0.999999f);
        var b = Vector128.Create(1e-7f);
        Vector128<float> c0 = Vector128.Create(0.10f), c1 = Vector128.Create(0.11f), c2 = Vector128.Create(0.12f),
            c3 = Vector128.Create(0.13f), c4 = Vector128.Create(0.14f), c5 = Vector128.Create(0.15f),
            c6 = Vector128.Create(0.16f), c7 = Vector128.Create(0.17f), c8 = Vector128.Create(0.18f),
            c9 = Vector128.Create(0.19f), c10 = Vector128.Create(0.20f), c11 = Vector128.Create(0.21f);
        for (var i = 0L; i < iterations; i++)
        {
            c0 = Vector128.MultiplyAddEstimate(c0, a, b); c1 = Vector128.MultiplyAddEstimate(c1, a, b);
            c2 = Vector128.MultiplyAddEstimate(c2, a, b); c3 = Vector128.MultiplyAddEstimate(c3, a, b);
            c4 = Vector128.MultiplyAddEstimate(c4, a, b); c5 = Vector128.MultiplyAddEstimate(c5, a, b);
            c6 = Vector128.MultiplyAddEstimate(c6, a, b); c7 = Vector128.MultiplyAddEstimate(c7, a, b);
            c8 = Vector128.MultiplyAddEstimate(c8, a, b); c9 = Vector128.MultiplyAddEstimate(c9, a, b);
            c10 = Vector128.MultiplyAddEstimate(c10, a, b); c11 = Vector128.MultiplyAddEstimate(c11, a, b);
        }
        var s = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
        return Vector128.Sum(s) == 12345f ? 0 : iterations * 12.0 * 4 * 2;
    }

    /// <summary>Whether Vector128's multiply-add is one fused instruction here (as in the Vector128 kernel).</summary>
    private static bool Fused128 => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>
    /// Multiply-then-add throughput at 128 bits (x86 without FMA): a chain of c + x·v would be bound by
    /// the multiply's and the add's latency together, so the products here hang off one short
    /// multiply chain (a ← a·r) and only the adds accumulate, as in the matrix kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Loop128Unfused(long iterations)
    {
        var a = Vector128.Create(1f);
        var r = Vector128.Create(0.9999999f);
        Vector128<float> v0 = Vector128.Create(0.10f), v1 = Vector128.Create(0.11f), v2 = Vector128.Create(0.12f),
            v3 = Vector128.Create(0.13f), v4 = Vector128.Create(0.14f), v5 = Vector128.Create(0.15f),
            v6 = Vector128.Create(0.16f), v7 = Vector128.Create(0.17f), v8 = Vector128.Create(0.18f),
            v9 = Vector128.Create(0.19f), v10 = Vector128.Create(0.20f), v11 = Vector128.Create(0.21f);
        Vector128<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default,
            c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (var i = 0L; i < iterations; i++)
        {
            a *= r;
            c0 += v0 * a; c1 += v1 * a; c2 += v2 * a; c3 += v3 * a; c4 += v4 * a; c5 += v5 * a;
            c6 += v6 * a; c7 += v7 * a; c8 += v8 * a; c9 += v9 * a; c10 += v10 * a; c11 += v11 * a;
        }
        var s = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
        return Vector128.Sum(s) == 12345f ? 0 : iterations * 12.0 * 4 * 2;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double LoopScalar(long iterations)
    {
        const float a = 0.999999f, b = 1e-7f;
        float c0 = 0.10f, c1 = 0.11f, c2 = 0.12f, c3 = 0.13f, c4 = 0.14f, c5 = 0.15f,
            c6 = 0.16f, c7 = 0.17f, c8 = 0.18f, c9 = 0.19f, c10 = 0.20f, c11 = 0.21f;
        for (var i = 0L; i < iterations; i++)
        {
            c0 = MathF.FusedMultiplyAdd(c0, a, b); c1 = MathF.FusedMultiplyAdd(c1, a, b);
            c2 = MathF.FusedMultiplyAdd(c2, a, b); c3 = MathF.FusedMultiplyAdd(c3, a, b);
            c4 = MathF.FusedMultiplyAdd(c4, a, b); c5 = MathF.FusedMultiplyAdd(c5, a, b);
            c6 = MathF.FusedMultiplyAdd(c6, a, b); c7 = MathF.FusedMultiplyAdd(c7, a, b);
            c8 = MathF.FusedMultiplyAdd(c8, a, b); c9 = MathF.FusedMultiplyAdd(c9, a, b);
            c10 = MathF.FusedMultiplyAdd(c10, a, b); c11 = MathF.FusedMultiplyAdd(c11, a, b);
        }
        var s = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
        return s == 12345f ? 0 : iterations * 12.0 * 2;
    }
}
