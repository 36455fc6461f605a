using System.Globalization;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A CPU limit on a running process, as a container's <c>resources.limits.cpu</c> sets one: the kernel's CFS
/// quota, through a cgroup of the process's own under cgroup v1's cpu controller. For processes whose training is only
/// load in the background of a test, so that it leaves the cores to the tests beside it. Where no such controller can
/// be written (cgroup v2 only, not root), <see cref="TryApply"/> returns null and says why: the process then runs
/// unlimited, which makes the test slower, not different.</summary>
internal sealed class CpuQuota : IDisposable
{
    private const string Controller = "/sys/fs/cgroup/cpu";
    private const int PeriodMicroseconds = 100_000;
    private static readonly string Parent = Path.Combine(Controller, $"tuner-tests-{Environment.ProcessId}");

    private readonly string _group;
    private readonly int _pid;

    private CpuQuota(string group, int pid)
    {
        _group = group;
        _pid = pid;
    }

    /// <summary>Limits process <paramref name="pid"/> (all its threads, and those it starts later) to
    /// <paramref name="cpus"/> cores' worth of time per 100 ms.</summary>
    public static CpuQuota? TryApply(int pid, double cpus, out string? unavailable)
    {
        // The controller's own files, not just a folder: on a cgroup v2 machine creating the folder would make a cgroup.
        if (!File.Exists(Path.Combine(Controller, "cpu.cfs_quota_us")))
        {
            unavailable = $"no cgroup v1 cpu controller at {Controller}";
            return null;
        }
        var group = Path.Combine(Parent, pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            Directory.CreateDirectory(group);
            File.WriteAllText(Path.Combine(group, "cpu.cfs_period_us"), PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(group, "cpu.cfs_quota_us"), ((int)(cpus * PeriodMicroseconds)).ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(group, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            unavailable = null;
            return new CpuQuota(group, pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unavailable = $"{group}: {e.Message}";
            Remove(group);
            return null;
        }
    }

    /// <summary>Removes the cgroup; a process still running in it goes back to the controller's root first.</summary>
    public void Dispose()
    {
        try { File.WriteAllText(Path.Combine(Controller, "cgroup.procs"), _pid.ToString(CultureInfo.InvariantCulture)); }
        catch (IOException) { } // it has exited
        Remove(_group);
        // Once the last one is gone; while other quotas remain it is not empty, and waiting would not change that.
        try { Directory.Delete(Parent); }
        catch (IOException) { }
    }

    private static void Remove(string group)
    {
        // A cgroup folder is removed with rmdir (not emptied first); it fails while a killed process is still leaving it.
        for (int attempt = 0; attempt < 20 && Directory.Exists(group); attempt++)
        {
            try { Directory.Delete(group); }
            catch (IOException) { Thread.Sleep(100); }
        }
    }
}
