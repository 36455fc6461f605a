using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Bench;

// Coordinator dispatch throughput: a real coordinator process (SQLite journal) and W worker processes
// with a no-op trainer on loopback; a random search of N one-epoch trials; dispatches/s = trials ÷ the
// time from submission to completion. One JSON line per W. See docs/benchmarks.md.
var workers = ArgInts("--workers", [1, 2, 4]);
int trials = ArgInts("--trials", [30000])[0]; // long enough that start-up and JIT are a small part
int slots = ArgInts("--slots", [128])[0]; // enough attempts in flight that the coordinator, not the round trip, sets the pace
// A first job of this many trials is not measured: the nodes' code is still being compiled (tiered JIT) while it runs,
// which is a start-up cost a long-running coordinator pays once, not a per-dispatch one.
int warmup = ArgInts("--warmup", [20000])[0];

var tearingDown = false; // the nodes' complaints about each other going away are not errors of the run

foreach (var w in workers)
{
    var dir = Environment.GetEnvironmentVariable("TUNER_BENCH_DIR") is { } root ? Directory.CreateDirectory(Path.Combine(root, $"tuner-dispatch-{Guid.NewGuid():N}")).FullName : Directory.CreateTempSubdirectory("tuner-dispatch-").FullName;
    var processes = new List<Process>();
    try
    {
        int akka = TunerNodes.FreePort(), http = TunerNodes.FreePort();
        var seed = $"akka.tcp://tuner@127.0.0.1:{akka}";
        processes.Add(Start(dir, "coordinator", "--hostname", "127.0.0.1", "--port", $"{akka}", "--http", $"http://127.0.0.1:{http}", "--db", "bench.db"));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = TimeSpan.FromSeconds(30) };
        await TunerNodes.Until(async () => (await client.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60));
        for (int i = 0; i < w; i++)
            processes.Add(Start(dir, "worker", "--hostname", "127.0.0.1", "--port", "0", "--seeds", seed, "--slots", $"{slots}"));
        await Task.Delay(TimeSpan.FromSeconds(6));  // workers join

        if (warmup > 0) await RunJob(client, "warmup", warmup);
        var cpuBefore = processes.Select(CpuSeconds).ToArray();
        var (seconds, finished, status) = await RunJob(client, "dispatch", trials);
        var cpu = processes.Select((p, i) => CpuSeconds(p) - cpuBefore[i]).ToArray();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            bench = "coordinator_dispatch", workers = w, slots_per_worker = slots, warmup_trials = warmup, trials, finished, status,
            seconds = Math.Round(seconds, 2), dispatches_per_s = Math.Round(finished / seconds, 1),
            // CPU per dispatch (user + system, from /proc): steadier than the rate on a shared machine.
            coordinator_cpu_ms_per_dispatch = Math.Round(cpu[0] * 1000 / Math.Max(1, finished), 3),
            workers_cpu_ms_per_dispatch = Math.Round(cpu.Skip(1).Sum() * 1000 / Math.Max(1, finished), 3),
        }));
    }
    finally
    {
        tearingDown = true;
        foreach (var p in processes) { if (!p.HasExited) p.Kill(entireProcessTree: true); p.Dispose(); }
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}

// Submits a random search of n one-epoch trials and waits for it to end: (seconds from submission, trials finished, status).
static async Task<(double Seconds, int Finished, string? Status)> RunJob(HttpClient client, string name, int n)
{
    var spec = $$"""
        { "name": "{{name}}", "data": { "kind": "sine", "length": 200 }, "window": 5,
          "searchSpace": { "units": { "type": "int", "min": 1, "max": 4096 }, "learning_rate": { "type": "float", "min": 1e-5, "max": 1e-1, "sampling": "log" } },
          "algorithm": { "type": "random", "maxTrials": {{n}}, "epochs": 1 } }
        """;
    var submitted = await client.PostAsync("/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"));
    var body = await submitted.Content.ReadAsStringAsync();
    if (!submitted.IsSuccessStatusCode) throw new InvalidOperationException($"submit answered {(int)submitted.StatusCode}: {body}");
    var id = (string)JsonNode.Parse(body)!["id"]!;
    JsonNode job = null!;
    await TunerNodes.Until(async () =>
    {
        job = JsonNode.Parse(await client.GetStringAsync($"/api/jobs/{id}"))!;
        return (string?)job["status"] != "running";
    }, TimeSpan.FromMinutes(10), pollMs: 100);
    // The coordinator's own clock, submission to the job's end: no HTTP polling interval in the figure.
    var seconds = (DateTimeOffset.Parse((string)job["finishedAt"]!) - DateTimeOffset.Parse((string)job["submittedAt"]!)).TotalSeconds;
    return (seconds, (int)job["trialsFinished"]!, (string?)job["status"]);
}

// Logs as JSON; error-level lines are passed on to stderr, the rest dropped. Workers are the no-op worker
// (bench/NoOpWorker: trials finish at once), so only the coordinator and the messaging are measured.
Process Start(string dir, params string[] args)
{
    tearingDown = false;
    return TunerNodes.StartDll(args[0] == "worker" ? TunerNodes.NoOpWorkerDll() : TunerNodes.TunerDll(), dir,
        line => { if (!tearingDown && line.Contains("\"@l\":\"Error\"", StringComparison.Ordinal)) Console.Error.WriteLine(line); },
        [.. args, "--log-format", "json"]);
}


// User + system CPU seconds of a running process (read afresh from /proc on Linux).
static double CpuSeconds(Process p)
{
    p.Refresh();
    return p.TotalProcessorTime.TotalSeconds;
}

int[] ArgInts(string name, int[] fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? [.. args[i + 1].Split(',').Select(int.Parse)] : fallback;
}
