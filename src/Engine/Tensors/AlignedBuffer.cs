using System.Runtime.CompilerServices;

namespace Tuner.Engine.Tensors;

/// <summary>
/// A float buffer on the pinned object heap with a 64-byte-aligned start, so kernels can hold a raw
/// pointer to it for its whole life. Grows by reallocation (never shrinks).
/// </summary>
internal sealed unsafe class AlignedBuffer
{
    private const int AlignFloats = 16;
    private float[] _array = [];
    private float* _start;

    /// <summary>Usable floats from <see cref="Pointer"/>.</summary>
    public int Capacity { get; private set; }

    /// <summary>The 64-byte-aligned start (null while <see cref="Capacity"/> is 0).</summary>
    public float* Pointer => _start;

    /// <summary>Ensures at least <paramref name="floats"/> usable floats; the contents are lost when it grows.</summary>
    public float* Ensure(int floats)
    {
        if (floats <= Capacity) return _start;
        _array = GC.AllocateUninitializedArray<float>(floats + AlignFloats, pinned: true);
        var raw = (nint)Unsafe.AsPointer(ref _array[0]);
        _start = (float*)((raw + 63) & ~(nint)63);
        Capacity = floats;
        return _start;
    }
}
