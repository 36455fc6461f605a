using System.Runtime.InteropServices;
using Tuner.Engine.Tensors;

namespace Tuner.Engine.Bench;

/// <summary>
/// Optional binding to the system OpenBLAS (<c>cblas_sgemm</c> from <c>libopenblas.so.0</c>),
/// loaded at run time with <see cref="NativeLibrary.TryLoad(string, out nint)"/>: the reference the GEMM benchmark
/// measures the engine's own kernel against (the engine never uses it). Without OpenBLAS, <see cref="IsAvailable"/> is
/// false.
/// </summary>
/// <remarks>
/// OpenBLAS picks its kernels from the CPU at load time. Debian's 0.3.21 does not recognise
/// Sapphire/Emerald Rapids and falls back to its SSE3 "Prescott" kernels (≈ 5× slower); setting the
/// environment variable <c>OPENBLAS_CORETYPE=SkylakeX</c> before the process starts selects the
/// AVX-512 kernels. <see cref="CoreName"/> reports the choice.
/// </remarks>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;
    private static readonly delegate* unmanaged<int, void> s_setThreads;
    private static readonly delegate* unmanaged<byte*> s_coreName;
    private static int s_threads = -1;

    static OpenBlas()
    {
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas" })
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm)) continue;
            s_sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads))
                s_setThreads = (delegate* unmanaged<int, void>)setThreads;
            if (NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var coreName))
                s_coreName = (delegate* unmanaged<byte*>)coreName;
            LibraryName = name;
            return;
        }
    }

    /// <summary>Whether <c>cblas_sgemm</c> was found.</summary>
    public static bool IsAvailable => s_sgemm != null;

    /// <summary>The library file that was loaded, or null.</summary>
    public static string? LibraryName { get; }

    /// <summary>The kernel family OpenBLAS chose for this CPU (e.g. "SkylakeX", "Prescott"), or null.</summary>
    public static string? CoreName => s_coreName == null ? null : Marshal.PtrToStringUTF8((nint)s_coreName());

    /// <summary>Sets OpenBLAS's own thread count (process-wide; cached so repeated calls are free).</summary>
    public static void SetThreads(int threads)
    {
        if (s_setThreads == null || threads == s_threads) return;
        s_setThreads(threads);
        s_threads = threads;
    }

    /// <summary>C = α·op(A)·op(B) + β·C via <c>cblas_sgemm</c> on <paramref name="threads"/> of OpenBLAS's threads,
    /// row-major, with the engine's <see cref="Gemm"/> layout (the benchmark's operands fit it).</summary>
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int threads)
    {
        if (s_sgemm == null) throw new InvalidOperationException("OpenBLAS (libopenblas.so.0) is not available on this machine.");
        SetThreads(threads);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            s_sgemm(RowMajor, transA == Transpose.Yes ? Trans : NoTrans, transB == Transpose.Yes ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }
}
