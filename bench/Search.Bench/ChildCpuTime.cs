using System.Runtime.InteropServices;

namespace Tuner.Search.Bench;

/// <summary>The CPU seconds (user + system) of this process's children that have exited and been waited for, from
/// getrusage(RUSAGE_CHILDREN): .NET's Process.TotalProcessorTime can no longer be read once a child has exited.
/// Linux and macOS (the benches run there).</summary>
internal static partial class ChildCpuTime
{
    private const int RusageChildren = -1;

    public static double Seconds()
    {
        if (GetResourceUsage(RusageChildren, out var usage) != 0) throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetResourceUsage(int who, out ResourceUsage usage);

    // struct rusage on 64-bit: two struct timevals (ru_utime, ru_stime), then 14 longs this bench does not read.
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        private unsafe fixed long _rest[14];
    }
}
