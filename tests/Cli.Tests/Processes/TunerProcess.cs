using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A real <c>tuner</c> process (the built tuner.dll under <c>dotnet</c>), its output kept
/// line by line (JSON logs parsed on demand), stoppable with SIGTERM or killed with SIGKILL.</summary>
internal sealed class TunerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    /// <param name="cleanEnvironment">Start from an empty environment (only PATH and HOME are kept) instead of
    /// the test runner's, so the process sees exactly <paramref name="environment"/> (deploy rehearsals).</param>
    /// <param name="dll">The program to run (default <see cref="TunerDll"/>).</param>
    public TunerProcess(string name, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, bool cleanEnvironment = false, string? dll = null)
    {
        Name = name;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (cleanEnvironment)
        {
            var keep = new[] { "PATH", "HOME", "DOTNET_ROOT" }.Where(k => psi.Environment.ContainsKey(k)).ToDictionary(k => k, k => psi.Environment[k]);
            psi.Environment.Clear();
            foreach (var (k, v) in keep) psi.Environment[k] = v;
        }
        psi.ArgumentList.Add(dll ?? TunerDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        psi.Environment["DOTNET_gcServer"] = "0";
        // Many nodes on one machine: each management endpoint on a free port unless the test names one.
        psi.Environment["TUNER_MANAGEMENT_PORT"] = "0";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    /// <summary>Structured log events (<c>--log-format json</c> on stderr).</summary>
    public IEnumerable<JsonElement> LogEvents()
    {
        foreach (var line in _stderr)
        {
            if (!line.StartsWith('{')) continue;
            JsonElement element;
            try { element = JsonDocument.Parse(line).RootElement; }
            catch (JsonException) { continue; }
            yield return element;
        }
    }

    /// <summary>Log events whose message template starts with <paramref name="templatePrefix"/>.</summary>
    public IEnumerable<JsonElement> Events(string templatePrefix) =>
        LogEvents().Where(e => e.TryGetProperty("@mt", out var mt) && mt.GetString()!.StartsWith(templatePrefix, StringComparison.Ordinal));

    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as an orchestrator stops a process.</summary>
    public void Terminate()
    {
        if (!_process.HasExited) _ = SendSignal(_process.Id, 15);
    }

    /// <summary>SIGINT, as Ctrl-C in a terminal.</summary>
    public void Interrupt()
    {
        Support.InterruptSignal.RequireDeliverable();
        if (!_process.HasExited) _ = SendSignal(_process.Id, 2);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    public override string ToString() => $"--- {Name} (pid {Pid}) stdout ---\n{Tail(_stdout)}\n--- {Name} stderr ---\n{Tail(_stderr)}";

    private static string Tail(IEnumerable<string> lines) => string.Join('\n', lines.TakeLast(80));

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>The tuner.dll the solution build produced (same configuration as the tests).</summary>
    public static string TunerDll { get; } = FindBuilt("src/Cli", "tuner.dll");

    /// <summary><c>tuner worker</c> whose trials finish at once (bench/NoOpWorker: tests of the API, not of training).</summary>
    public static string NoOpWorkerDll { get; } = FindBuilt("bench/NoOpWorker", "tuner-noop-worker.dll");

    private static string FindBuilt(string project, string file)
    {
        var root = Support.Repository.Root;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var dll = Path.Combine(root, project, "bin", configuration, "net10.0", file);
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the solution first: {dll} is missing");
    }

    public static int FreePort() => Tuner.Bench.TunerNodes.FreePort();
}
