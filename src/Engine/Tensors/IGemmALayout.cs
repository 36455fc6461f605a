using System.Runtime.CompilerServices;

namespace Tuner.Engine.Tensors;

/// <summary>
/// Where a micro-kernel finds element (r, p) of its 8-row A operand, relative to a pointer that
/// advances one step p at a time. Implemented by empty structs, so each kernel instantiation is
/// specialised and the addressing compiles to constant offsets.
/// </summary>
internal unsafe interface IGemmALayout
{
    /// <summary>Element (r, current p).</summary>
    static abstract float Get(float* a, nint stride, int r);

    /// <summary>The address of element (r, current p).</summary>
    static abstract float* At(float* a, nint stride, int r);

    /// <summary>The pointer of the next step p + 1.</summary>
    static abstract float* Next(float* a, nint stride);
}

/// <summary>Rows of a step are contiguous, steps are <c>stride</c> apart: packed A panels (stride 8) and Aᵀ read in place (stride lda).</summary>
internal unsafe struct GemmAStepMajor : IGemmALayout
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Get(float* a, nint stride, int r) => a[r];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float* At(float* a, nint stride, int r) => a + r;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float* Next(float* a, nint stride) => a + stride;
}

/// <summary>Steps of a row are contiguous, rows are <c>stride</c> apart: A read in place (stride lda).</summary>
internal unsafe struct GemmARowMajor : IGemmALayout
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Get(float* a, nint stride, int r) => a[r * stride];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float* At(float* a, nint stride, int r) => a + r * stride;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float* Next(float* a, nint stride) => a + 1;
}
