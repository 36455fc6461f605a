using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Bench;

// Memory at scale (issue 19), one JSON line per run. See docs/benchmarks.md.
//   coordinator (default): a real coordinator process (SQLite journal) and no-op workers (bench/NoOpWorker) on loopback
//     run a random search of --trials (100,000) trials of --epochs (3) epochs, reporting each epoch as real workers do; the coordinator's RSS is sampled from /proc
//     throughout, then measured after the job, after serving its results and a page of trials, and after a restart that
//     recovers the job from its journal and snapshot. Budget: ≤ 1 GB.
//   worker: a coordinator and one real worker (`tuner worker`, the engine training a tiny LSTM) run --warmup (100) then
//     --trials (1,000) more trials, one at a time; the worker's RSS after the warm-up and at the end. Budget: ≤ 5 % growth.
var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "coordinator";
var tearingDown = false;
var dir = Environment.GetEnvironmentVariable("TUNER_BENCH_DIR") is { } root
    ? Directory.CreateDirectory(Path.Combine(root, $"tuner-memory-{Guid.NewGuid():N}")).FullName
    : Directory.CreateTempSubdirectory("tuner-memory-").FullName;
var processes = new List<Process>();
try
{
    if (mode == "coordinator") await Coordinator();
    else if (mode == "worker") await Worker();
    else throw new ArgumentException($"mode must be coordinator or worker (got '{mode}')");
}
finally
{
    tearingDown = true;
    foreach (var p in processes) { if (!p.HasExited) p.Kill(entireProcessTree: true); p.Dispose(); }
    try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
}

async Task Coordinator()
{
    int trials = ArgInt("--trials", 100_000), epochs = ArgInt("--epochs", 3), workers = ArgInt("--workers", 1), slots = ArgInt("--slots", 128);
    // The no-op workers report every epoch as it ends, as real ones do (1; 0: only the outcome, as in the dispatch bench).
    var epochReports = ArgInt("--epoch-reports", 1) == 1;
    Environment.SetEnvironmentVariable("TUNER_NOOP_EPOCH_REPORTS", epochReports ? "1" : "0"); // inherited by the workers
    var (coordinator, client, seed, akka, http) = await StartCoordinator();
    for (var i = 0; i < workers; i++) processes.Add(Start(TunerNodes.NoOpWorkerDll(), "worker", "--hostname", "127.0.0.1", "--port", "0", "--seeds", seed, "--slots", $"{slots}"));
    await Task.Delay(TimeSpan.FromSeconds(6)); // workers join
    var idle = ProcessMemory.Rss(coordinator);

    long peak;
    string id;
    double seconds;
    JsonNode job;
    await using (var sampler = new ProcessMemory(coordinator, TimeSpan.FromMilliseconds(200)))
    {
        id = await Submit(client, Spec("memory", trials, epochs, """{ "units": { "type": "int", "min": 1, "max": 4096 }, "learning_rate": { "type": "float", "min": 1e-5, "max": 1e-1, "sampling": "log" } }"""));
        job = await WaitForEnd(client, id, TimeSpan.FromMinutes(60));
        seconds = (DateTimeOffset.Parse((string)job["finishedAt"]!) - DateTimeOffset.Parse((string)job["submittedAt"]!)).TotalSeconds;
        peak = sampler.SampledPeakBytes;
    }
    await Task.Delay(TimeSpan.FromSeconds(5));
    var afterJob = ProcessMemory.Rss(coordinator);
    var heapAfterJob = await GcHeapBytes(client);
    // Time to look inside (e.g. dotnet-gcdump collect -p PID) before the queries and the restart.
    if (ArgInt("--hold-seconds", 0) is > 0 and var hold)
    {
        Console.Error.WriteLine($"coordinator pid {coordinator.Id}: holding {hold} s");
        await Task.Delay(TimeSpan.FromSeconds(hold));
    }

    // What a user asks of a finished job: its whole results, the compact form, a page of the table.
    var (resultsBytes, resultsSeconds) = await Download(client, $"/api/jobs/{id}/results");
    var (compactBytes, compactSeconds) = await Download(client, $"/api/jobs/{id}/results?history=false");
    var (_, pageSeconds) = await Download(client, $"/api/jobs/{id}/trials?offset=50000&limit=50&sort=-hp.units");
    var afterQueries = ProcessMemory.Rss(coordinator);
    var peakKernel = ProcessMemory.PeakRss(coordinator);

    // A restart: the job recovers from its snapshot and the events after it.
    tearingDown = true;
    coordinator.Kill(entireProcessTree: true);
    await coordinator.WaitForExitAsync();
    foreach (var p in processes) if (!p.HasExited) p.Kill(entireProcessTree: true);
    tearingDown = false;
    var restartedAt = Stopwatch.StartNew();
    var (restarted, restartedClient, _, _, _) = await StartCoordinator(akka, http);
    var recovered = await WaitForEnd(restartedClient, id, TimeSpan.FromMinutes(10));
    var recoverySeconds = restartedAt.Elapsed.TotalSeconds;
    await Task.Delay(TimeSpan.FromSeconds(5));
    var afterRecovery = ProcessMemory.Rss(restarted);
    var recoveryPeak = ProcessMemory.PeakRss(restarted);

    var highest = new[] { peak, peakKernel ?? 0, recoveryPeak ?? 0 }.Max();
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        bench = "coordinator_memory", trials, epochs, epoch_reports = epochReports, workers, slots_per_worker = slots, finished = (int)job["trialsFinished"]!, status = (string?)job["status"],
        seconds = Math.Round(seconds, 1),
        idle_rss_mb = ProcessMemory.Mb(idle), peak_rss_mb_sampled = ProcessMemory.Mb(peak), peak_rss_mb_kernel = ProcessMemory.Mb(peakKernel),
        after_job_rss_mb = ProcessMemory.Mb(afterJob), after_job_gc_heap_mb = ProcessMemory.Mb(heapAfterJob), after_queries_rss_mb = ProcessMemory.Mb(afterQueries),
        results_mb = Math.Round(resultsBytes / 1048576.0, 1), results_seconds = Math.Round(resultsSeconds, 2),
        results_no_history_mb = Math.Round(compactBytes / 1048576.0, 1), results_no_history_seconds = Math.Round(compactSeconds, 2),
        trials_page_seconds = Math.Round(pageSeconds, 3),
        recovered_status = (string?)recovered["status"], recovered_trials = (int)recovered["trialsFinished"]!, recovery_seconds = Math.Round(recoverySeconds, 1),
        after_recovery_rss_mb = ProcessMemory.Mb(afterRecovery), recovery_peak_rss_mb = ProcessMemory.Mb(recoveryPeak),
        budget_mb = 1024, within_budget = highest <= 1024L * 1048576,
    }));
}

async Task Worker()
{
    int warmup = ArgInt("--warmup", 100), trials = ArgInt("--trials", 1000);
    var (_, client, seed, _, _) = await StartCoordinator();
    var worker = Start(TunerNodes.TunerDll(), "worker", "--hostname", "127.0.0.1", "--port", "0", "--seeds", seed, "--slots", "1");
    processes.Add(worker);
    await Task.Delay(TimeSpan.FromSeconds(6));
    // A tiny LSTM on a short sine: every trial builds its model, trains two epochs and reports, as in any search.
    var id = await Submit(client, Spec("worker-memory", warmup + trials, 2,
        """{ "units": { "type": "int", "min": 4, "max": 16, "step": 4 }, "learning_rate": { "type": "float", "min": 1e-3, "max": 1e-1, "sampling": "log" } }""",
        """ "model": { "cell": "lstm", "layers": 1 }, "batchSize": 32, """, length: 400));
    var clock = Stopwatch.StartNew();
    long? afterWarmup = null;
    double warmupSeconds = 0;
    JsonNode job;
    var trend = new List<double>(); // RSS (MB) after every tenth of the measured trials: a leak climbs, noise does not
    await using var sampler = new ProcessMemory(worker, TimeSpan.FromMilliseconds(200));
    while (true)
    {
        job = JsonNode.Parse(await client.GetStringAsync($"/api/jobs/{id}"))!;
        var finished = (int)job["trialsFinished"]!;
        if (afterWarmup is null && finished >= warmup)
        {
            afterWarmup = ProcessMemory.Rss(worker);
            warmupSeconds = clock.Elapsed.TotalSeconds;
        }
        if (afterWarmup is not null && finished >= warmup + (trend.Count + 1) * Math.Max(1, trials / 10)) trend.Add(ProcessMemory.Mb(ProcessMemory.Rss(worker)));
        if ((string?)job["status"] != "running") break;
        if (clock.Elapsed > TimeSpan.FromMinutes(60)) throw new TimeoutException("the job did not end in 60 minutes");
        await Task.Delay(100);
    }
    var atEnd = ProcessMemory.Rss(worker);
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        bench = "worker_memory", warmup_trials = warmup, trials, finished = (int)job["trialsFinished"]!, status = (string?)job["status"],
        seconds_after_warmup = Math.Round(clock.Elapsed.TotalSeconds - warmupSeconds, 1),
        after_warmup_rss_mb = ProcessMemory.Mb(afterWarmup), rss_mb_every_tenth = trend, end_rss_mb = ProcessMemory.Mb(atEnd), peak_rss_mb_sampled = ProcessMemory.Mb(sampler.SampledPeakBytes),
        growth_percent = Math.Round(100.0 * ((atEnd ?? 0) - (afterWarmup ?? 0)) / Math.Max(1, afterWarmup ?? 1), 2),
        budget_percent = 5,
        within_budget = atEnd <= afterWarmup * 1.05,
    }));
}

async Task<(Process Process, HttpClient Client, string Seed, int Akka, int Http)> StartCoordinator(int akka = 0, int http = 0)
{
    akka = akka == 0 ? TunerNodes.FreePort() : akka;
    http = http == 0 ? TunerNodes.FreePort() : http;
    var process = Start(TunerNodes.TunerDll(), "coordinator", "--hostname", "127.0.0.1", "--port", $"{akka}", "--http", $"http://127.0.0.1:{http}", "--db", "bench.db");
    processes.Add(process);
    var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = TimeSpan.FromMinutes(5) };
    await TunerNodes.Until(async () => (await client.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(120));
    return (process, client, $"akka.tcp://tuner@127.0.0.1:{akka}", akka, http);
}

static string Spec(string name, int trials, int epochs, string space, string extra = "", int length = 200) => $$"""
    { "name": "{{name}}", "seed": 7, "data": { "kind": "sine", "length": {{length}} }, "window": 5, {{extra}}
      "searchSpace": {{space}},
      "algorithm": { "type": "random", "maxTrials": {{trials}}, "epochs": {{epochs}} } }
    """;

static async Task<string> Submit(HttpClient client, string spec)
{
    var submitted = await client.PostAsync("/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"));
    var body = await submitted.Content.ReadAsStringAsync();
    if (!submitted.IsSuccessStatusCode) throw new InvalidOperationException($"submit answered {(int)submitted.StatusCode}: {body}");
    return (string)JsonNode.Parse(body)!["id"]!;
}

// Polls until the job's status is final (not running, not recovering).
static async Task<JsonNode> WaitForEnd(HttpClient client, string id, TimeSpan timeout)
{
    JsonNode job = null!;
    await TunerNodes.Until(async () =>
    {
        job = JsonNode.Parse(await client.GetStringAsync($"/api/jobs/{id}"))!;
        return (string?)job["status"] is not ("running" or "recovering");
    }, timeout, pollMs: 500);
    return job;
}

// The coordinator's managed heap as its /metrics says (GC.GetTotalMemory: live objects and garbage not yet collected).
static async Task<long?> GcHeapBytes(HttpClient client)
{
    foreach (var line in (await client.GetStringAsync("/metrics")).Split('\n'))
        if (line.StartsWith("dotnet_total_memory_bytes ", StringComparison.Ordinal))
            return (long)double.Parse(line["dotnet_total_memory_bytes ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    return null;
}

// Reads an answer to its end without keeping it: (bytes, seconds).
static async Task<(long Bytes, double Seconds)> Download(HttpClient client, string path)
{
    var clock = Stopwatch.StartNew();
    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    await using var body = await response.Content.ReadAsStreamAsync();
    var buffer = new byte[1 << 16];
    long total = 0;
    for (int n; (n = await body.ReadAsync(buffer)) > 0;) total += n;
    return (total, clock.Elapsed.TotalSeconds);
}

// Logs as JSON; error-level lines are passed on to stderr, the rest dropped.
Process Start(string dll, params string[] args) => TunerNodes.StartDll(dll, dir,
    line => { if (!tearingDown && line.Contains("\"@l\":\"Error\"", StringComparison.Ordinal)) Console.Error.WriteLine(line); },
    [.. args, "--log-format", "json"]);


int ArgInt(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}
