using System.Globalization;

namespace Tuner.Engine.Bench;

/// <summary>
/// How much of the machine other processes used during a measurement, from /proc/stat (all CPUs'
/// busy time) minus /proc/self/stat (this process). Returns 0 where /proc is missing.
/// </summary>
internal static class CpuLoad
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    public readonly record struct Reading(long TotalBusy, long SelfBusy);

    public static Reading Read()
    {
        try
        {
            return new Reading(TotalBusy(), SelfBusy());
        }
        catch (IOException)
        {
            return default;
        }
        catch (UnauthorizedAccessException)
        {
            return default;
        }
    }

    /// <summary>Other processes' share of all CPUs between two samples taken <paramref name="seconds"/> apart.</summary>
    public static double ForeignShare(Reading before, Reading after, double seconds)
    {
        if (before.TotalBusy == 0 || seconds <= 0) return 0;
        var foreign = (after.TotalBusy - before.TotalBusy) - (after.SelfBusy - before.SelfBusy);
        return Math.Max(0, foreign / TicksPerSecond / seconds / Environment.ProcessorCount);
    }

    /// <summary>CPU time the calling thread has used, in seconds (CLOCK_THREAD_CPUTIME_ID); NaN off Linux.</summary>
    public static unsafe double ThreadCpuSeconds()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        Timespec ts;
        return clock_gettime(3, &ts) == 0 ? ts.Seconds + ts.Nanoseconds * 1e-9 : double.NaN;
    }

    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern unsafe int clock_gettime(int clock, Timespec* ts);

    private static long TotalBusy()
    {
        // cpu  user nice system idle iowait irq softirq steal ...
        using var reader = new StreamReader("/proc/stat");
        var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long F(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return F(1) + F(2) + F(3) + F(6) + F(7) + F(8);
    }

    private static long SelfBusy()
    {
        var text = File.ReadAllText("/proc/self/stat");
        var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // rest[0] is field 3 (state); utime is field 14, stime field 15.
        return long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
    }
}
