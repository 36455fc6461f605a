namespace Tuner.Engine.Tensors;

/// <summary>Which implementation computes the general form of <see cref="Gemm.Multiply(Transpose, Transpose, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int, ComputeTeam?)"/>.</summary>
public enum GemmBackend
{
    /// <summary>The engine's own blocked SIMD kernel (the default): deterministic for every team size, no dependency.</summary>
    Managed,

    /// <summary>
    /// <c>cblas_sgemm</c> of the system OpenBLAS (<c>libopenblas.so.0</c>), on as many OpenBLAS
    /// threads as the team has. Only when <see cref="Gemm.IsOpenBlasAvailable"/>; results may differ
    /// in the last bits between thread counts. Prepacked products always run managed.
    /// </summary>
    OpenBlas,
}
