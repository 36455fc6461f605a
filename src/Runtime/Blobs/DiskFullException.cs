namespace Tuner.Runtime.Blobs;

/// <summary>A blob could not be written because the disk holding <paramref name="folder"/> is full (no space left on
/// device): <paramref name="needed"/> bytes to write, <paramref name="available"/> free. Not a failure that passes by
/// itself in a moment: someone has to free space, or move the store.</summary>
public sealed class DiskFullException(string folder, long needed, long available, Exception inner)
    : IOException($"no space left on device: {folder} has {Bytes(available)} free, {Bytes(needed)} needed", inner)
{
    public string Folder { get; } = folder;

    public long Needed { get; } = needed;

    public long Available { get; } = available;

    private static string Bytes(long n) => n >= 1 << 20 ? $"{n / (double)(1 << 20):F1} MB" : n >= 1 << 10 ? $"{n / 1024.0:F0} KB" : $"{n} bytes";
}
