using System.Text.Json.Nodes;

namespace Tuner.Cli.Tests.Processes;

/// <summary>Coordinator and worker processes on 127.0.0.1 for one test, with the API as a client.
/// Everything started is killed on dispose; on failure the processes' output tails explain why.</summary>
internal sealed class ClusterTestBed : IDisposable
{
    private readonly List<TunerProcess> _processes = [];

    public ClusterTestBed()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tuner-cluster-").FullName;
    }

    public string Directory { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(40) };

    /// <summary>Environment every node gets on top of the test runner's: nothing by default — the processes run with the
    /// timings a user gets; a test about a timing sets its own.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    private readonly Dictionary<TunerProcess, string> _management = [];

    /// <summary>The management endpoint (probes, metrics) of a node this bed started.</summary>
    public string ManagementOf(TunerProcess node) => _management[node];

    public sealed record Coordinator(TunerProcess Process, int Port, string Api)
    {
        public string Seed => $"akka.tcp://tuner@127.0.0.1:{Port}";
    }

    public Coordinator StartCoordinator(string db, IReadOnlyList<int>? seedPorts = null, int? port = null)
    {
        int akkaPort = port ?? TunerProcess.FreePort();
        int httpPort = TunerProcess.FreePort();
        int managementPort = TunerProcess.FreePort();
        var seeds = string.Join(",", (seedPorts ?? [akkaPort]).Select(p => $"akka.tcp://tuner@127.0.0.1:{p}"));
        var process = Track(new TunerProcess($"coordinator:{akkaPort}",
            ["coordinator", "--hostname", "127.0.0.1", "--port", akkaPort.ToString(), "--seeds", seeds, "--http", $"http://127.0.0.1:{httpPort}", "--db", db,
             "--management-port", managementPort.ToString(), "--log-format", "json", "--verbose"],
            Environment, Directory));
        _management[process] = $"http://127.0.0.1:{managementPort}";
        return new Coordinator(process, akkaPort, $"http://127.0.0.1:{httpPort}");
    }

    /// <param name="noopTrainer">Finish trials at once with synthetic curves (tests of the API, not of training).</param>
    /// <param name="port">The worker's Akka.Remote port (0: any free one, as by default).</param>
    public TunerProcess StartWorker(string seeds, int slots = 1, bool noopTrainer = false, int port = 0)
    {
        int managementPort = TunerProcess.FreePort();
        var process = Track(new TunerProcess("worker", ["worker", "--hostname", "127.0.0.1", "--port", port.ToString(), "--seeds", seeds, "--slots", slots.ToString(),
            "--management-port", managementPort.ToString(), "--log-format", "json", "--verbose"],
            Environment, Directory, dll: noopTrainer ? TunerProcess.NoOpWorkerDll : null));
        _management[process] = $"http://127.0.0.1:{managementPort}";
        return process;
    }

    public TunerProcess Track(TunerProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>The worker id a worker process started on port 0 reports.</summary>
    public static string WorkerId(TunerProcess worker) => $"127.0.0.1/{worker.Pid}";

    public async Task WaitReadyAsync(Coordinator c, TimeSpan timeout) =>
        await Until(async () => (await TryGet(c.Api + "/readyz")) is not null, timeout, $"{c.Process.Name} ready");

    /// <summary>Until the node's management endpoint answers <c>/ready</c> (for a worker: an Up member of the cluster).</summary>
    public async Task WaitReadyAsync(TunerProcess node, TimeSpan timeout) =>
        await Until(async () => (await TryGet(ManagementOf(node) + "/ready")) is not null, timeout, $"{node.Name} ready on its management port");

    public Task<string> SubmitAsync(Coordinator c, string spec) => Polling.SubmitAsync(Http, c.Api, spec);

    /// <summary>GET as JSON, or null on any failure (node down, 503 during a fail-over, …).</summary>
    public Task<JsonNode?> TryGet(string url) => Polling.TryGetAsync(Http, url);

    public Task<JsonNode> WaitForJobAsync(string api, string jobId, Func<JsonNode, bool> condition, TimeSpan timeout, string what) =>
        Polling.WaitForJobAsync(() => TryGet($"{api}/api/jobs/{jobId}"), condition, timeout, what, Diagnostics);

    public Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what) => Polling.Until(condition, timeout, () => what, Diagnostics);

    public string Diagnostics() => string.Join("\n", _processes.Select(p => p.ToString()));

    public void Dispose()
    {
        // TUNER_TEST_LOGS=DIR: every process's whole output kept there, for reading a run afterwards.
        if (System.Environment.GetEnvironmentVariable("TUNER_TEST_LOGS") is { Length: > 0 } logs)
        {
            System.IO.Directory.CreateDirectory(logs);
            for (int i = 0; i < _processes.Count; i++)
                File.WriteAllText(Path.Combine(logs, $"{i:00}-{_processes[i].Name.Replace(':', '-')}-{_processes[i].Pid}.log"), $"{_processes[i].Stdout}\n{_processes[i].Stderr}");
        }
        foreach (var process in _processes) process.Dispose();
        Http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
