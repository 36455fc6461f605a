using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tuner.Bench;

/// <summary>The benches' shared plumbing: the built tuner.dll started as separate processes on loopback.</summary>
internal static class TunerNodes
{
    /// <summary>src/Cli's Release build of tuner.dll, found above the running bench.</summary>
    public static string TunerDll() => Built("src/Cli", "tuner.dll");

    /// <summary>bench/NoOpWorker's Release build: <c>tuner worker</c> whose trials finish at once.</summary>
    public static string NoOpWorkerDll() => Built("bench/NoOpWorker", "tuner-noop-worker.dll");

    private static string Built(string project, string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, project, "bin", "Release", "net10.0", file);
            if (File.Exists(Path.Combine(dir.FullName, "Tuner.sln"))) return File.Exists(dll) ? dll : throw new FileNotFoundException($"build first: {dll}");
        }
        throw new InvalidOperationException("Tuner.sln not found above the bench");
    }

    /// <summary>Polls <paramref name="condition"/> (an HTTP failure counts as false) until it holds; throws after <paramref name="timeout"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, int pollMs = 250)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try { if (await condition()) return; } catch (HttpRequestException) { }
            await Task.Delay(pollMs);
        }
        throw new TimeoutException($"timed out after {timeout}");
    }

    // Ports handed out by this process: below Linux's ephemeral range (32768-60999), which the kernel draws from for
    // every port-0 bind (workers, test actor systems) and every outgoing connection — a port taken from that range was
    // seen bound by another socket in the moment before its process bound it ("address already in use").
    // TUNER_TEST_PORTS=FIRST-LAST narrows them: ./build.sh test runs two test processes at once, each with its own range,
    // so neither hands out a port the other has just found free and not yet bound.
    private static readonly (int First, int Count) Ports = PortRange(Environment.GetEnvironmentVariable("TUNER_TEST_PORTS"));
    private static int _nextPort = Random.Shared.Next(Ports.Count);

    private static (int First, int Count) PortRange(string? range)
    {
        if (string.IsNullOrEmpty(range)) return (20_000, 12_000);
        var parts = range.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], out var first) && int.TryParse(parts[1], out var last) && first is > 1024 and <= 32_767 && last >= first && last <= 32_767)
            return (first, last - first + 1);
        throw new InvalidOperationException($"TUNER_TEST_PORTS: must be FIRST-LAST within 1025-32767 (got '{range}')");
    }

    /// <summary>A TCP port free on every interface now, never handed out before by this process.</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < Ports.Count; attempt++)
        {
            var port = Ports.First + (int)((uint)Interlocked.Increment(ref _nextPort) % Ports.Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Any, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException($"no free port in {Ports.First}-{Ports.First + Ports.Count - 1}");
    }

    /// <summary>Starts <c>dotnet tuner.dll <paramref name="args"/></c> in <paramref name="directory"/>; each line it writes
    /// (stdout or stderr) goes to <paramref name="onLine"/>.</summary>
    public static Process Start(string directory, Action<string> onLine, params string[] args) => StartDll(TunerDll(), directory, onLine, args);

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> (see <see cref="Start"/>).</summary>
    public static Process StartDll(string dll, string directory, Action<string> onLine, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(dll);
        // Several nodes on one machine: each management endpoint on a free port.
        psi.Environment["TUNER_MANAGEMENT_PORT"] = "0";
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        var process = Process.Start(psi)!;
        DataReceivedEventHandler write = (_, e) => { if (e.Data is { } line) onLine(line); };
        process.OutputDataReceived += write;
        process.ErrorDataReceived += write;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
