namespace Tuner.Engine.Tensors;

/// <summary>
/// Per-thread packing buffers of the matrix product. Each thread (the caller, each team worker)
/// grows its own once to the largest block it meets; later calls allocate nothing.
/// </summary>
internal static unsafe class GemmWorkspace
{
    [ThreadStatic] private static AlignedBuffer? t_packedA;
    [ThreadStatic] private static AlignedBuffer? t_packedB;
    [ThreadStatic] private static AlignedBuffer? t_tile;

    /// <summary>A buffer for a packed block of A of at least <paramref name="floats"/> floats.</summary>
    public static float* PackedA(int floats) => (t_packedA ??= new AlignedBuffer()).Ensure(floats);

    /// <summary>A buffer for a packed block of B of at least <paramref name="floats"/> floats.</summary>
    public static float* PackedB(int floats) => (t_packedB ??= new AlignedBuffer()).Ensure(floats);

    /// <summary>A buffer for one micro-tile of accumulators.</summary>
    public static float* Tile() => (t_tile ??= new AlignedBuffer()).Ensure(GemmTile.Size);
}
