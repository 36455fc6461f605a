using System.Diagnostics;
using System.Globalization;

namespace Tuner.Bench;

/// <summary>A process's resident set from /proc: now (<c>VmRSS</c>) and its peak so far (<c>VmHWM</c>), and a sampler
/// that keeps the highest it saw (the kernel's peak counts start-up spikes too; both are reported).</summary>
internal sealed class ProcessMemory : IAsyncDisposable
{
    private readonly Process _process;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public ProcessMemory(Process process, TimeSpan interval)
    {
        _process = process;
        _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                if (Rss(_process) is { } rss) SampledPeakBytes = Math.Max(SampledPeakBytes, rss);
                try { await Task.Delay(interval, _stop.Token); } catch (OperationCanceledException) { }
            }
        });
    }

    public long SampledPeakBytes { get; private set; }

    public static long? Rss(Process process) => Field(process, "VmRSS:");

    public static long? PeakRss(Process process) => Field(process, "VmHWM:");

    public static double Mb(long? bytes) => bytes is { } b ? Math.Round(b / 1048576.0, 1) : double.NaN;

    private static long? Field(Process process, string name)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
                if (line.StartsWith(name, StringComparison.Ordinal))
                    return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { } // the process ended
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
