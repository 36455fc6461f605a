using Tuner.Contracts;

namespace Tuner.Training;

/// <summary>The memory a Tuner process may use for its objects, and what to say when training needs more. Every node
/// runs with a GC heap limit (<c>System.GC.HeapHardLimitPercent</c> in the CLI's project: 75 % of the machine's memory,
/// or of the container's limit, as .NET sets in containers anyway): a trial too large for the machine then fails with an
/// <see cref="OutOfMemoryException"/>, which fails that trial, where without a limit the kernel killed the whole worker
/// (and it was requeued onto the next one).</summary>
public static class MemoryLimit
{
    /// <summary>The bytes this process's objects may take (the GC heap limit).</summary>
    public static long Bytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Why training stopped and what to change, for a trial or a command that ran out of memory.</summary>
    public static string OutOfMemory(string what) =>
        $"out of memory: {what} needs more than the {ByteSize.Of(Bytes)} this process may use (by default 75 % of the machine's " +
        "or the container's memory; DOTNET_GCHeapHardLimitPercent changes the share): lower batch_size, window, units or " +
        "layers, or give it more memory (a worker: fewer slots)";
}
