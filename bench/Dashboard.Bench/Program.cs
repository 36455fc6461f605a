// The dashboard at scale (docs/benchmarks.md, "Dashboard at 10,000 and 100,000 trials"): a coordinator (SQLite journal)
// and a no-op worker (bench/NoOpWorker: trials finish at once with a synthetic curve) on 127.0.0.1 finish a 10,000- and a
// 100,000-trial random search; real headless Chromium (DevTools protocol) then opens each job's dashboard page and
// report.html, timing navigation → the page's "tuner-first-render" mark (table page, curves and scatters drawn); then it
// follows a running 10,000-trial job and reads each live update's time (an SSE "trials" event's arrival → the page
// redrawn: the page's "tuner-live-update" measures). Console errors are counted (must be none). One JSON line per figure.
//
//   dotnet run -c Release --project bench/Dashboard.Bench -- [--trials 10000,100000] [--live 10000] [--runs 3] [--slots 64] [--shots DIR]

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tuner.Bench;
using Tuner.Cli.Client;
using Tuner.Coordinator.Api.Dashboard;
using Tuner.Dashboard.Bench;

var options = BenchOptions.Parse(args);
var directory = Directory.CreateTempSubdirectory("tuner-dashboard-bench-").FullName;
var processes = new List<Process>();
var ok = false;
try
{
    int akka = TunerNodes.FreePort(), httpPort = TunerNodes.FreePort();
    var url = $"http://127.0.0.1:{httpPort}";
    var seed = $"akka.tcp://tuner@127.0.0.1:{akka}";
    var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(directory, "nodes.log")) { AutoFlush = true });
    processes.Add(TunerNodes.Start(directory, log.WriteLine, "coordinator", "--hostname", "127.0.0.1", "--port", akka.ToString(CultureInfo.InvariantCulture),
        "--seeds", seed, "--http", url, "--db", Path.Combine(directory, "tuner.db"), "--log-format", "json"));
    processes.Add(TunerNodes.StartDll(TunerNodes.NoOpWorkerDll(), directory, log.WriteLine, "worker", "--hostname", "127.0.0.1", "--port", "0", "--seeds", seed,
        "--slots", options.Slots.ToString(CultureInfo.InvariantCulture), "--log-format", "json"));
    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
    using var client = new TunerApiClient(new Uri(url + "/"), null);
    await WaitReadyAsync(http, url);

    // The finished jobs.
    var finished = new List<(int Trials, string Id)>();
    foreach (var n in options.Trials)
    {
        var clock = Stopwatch.StartNew();
        var id = await client.SubmitAsync(Job($"finished-{n}", n), default);
        await WaitFinishedAsync(client, id);
        Console.Error.WriteLine($"{n} trials finished in {clock.Elapsed.TotalSeconds:F1} s");
        finished.Add((n, id));
    }

    await using var browser = await HeadlessChromium.StartAsync(executable: options.Chromium);
    var allMet = true;
    foreach (var (n, id) in finished)
    {
        var sizes = new Dictionary<string, object>();
        foreach (var path in new[] { "points", "curves", "trials?limit=50" })
        {
            var clock = Stopwatch.StartNew();
            var body = await http.GetByteArrayAsync($"{url}/api/jobs/{id}/{path}");
            sizes[path.Split('?')[0]] = new { bytes = body.Length, ms = Math.Round(clock.Elapsed.TotalMilliseconds, 1) };
        }
        var runs = new List<double>();
        for (int r = 0; r < options.Runs; r++)
        {
            runs.Add(await FirstRenderAsync(browser, $"{url}/#/jobs/{id}"));
            var shown = await browser.EvaluateAsync("({ rows: document.querySelectorAll('#trials tbody tr').length, points: [...document.querySelectorAll('.scatter-host')].map(s => +s.dataset.points) })");
            if (shown.GetProperty("rows").GetInt32() != 50 || shown.GetProperty("points").EnumerateArray().Any(p => p.GetInt32() != n))
                throw new InvalidOperationException($"the {n}-trial page is incomplete: {shown}");
        }
        if (options.Shots is { } shots) await browser.ScreenshotAsync(Path.Combine(shots, $"dashboard-{n}.png"));
        var target = n <= 10_000 ? 1500 : 3000;
        var met = runs.Max() <= target;
        allMet &= met;
        Console.WriteLine(JsonSerializer.Serialize(new { bench = "dashboard-first-render", trials = n, runsMs = runs.Select(v => Math.Round(v)), medianMs = Math.Round(Median(runs)), targetMs = target, met, responses = sizes, machine = Machine() }));

        // report.html, written from results.json as tuner run writes it.
        var results = await client.ResultsAsync(id, default);
        var renderClock = Stopwatch.StartNew();
        var page = ReportPage.Render(results);
        var renderMs = renderClock.Elapsed.TotalMilliseconds;
        var file = Path.Combine(directory, $"report-{n}.html");
        await File.WriteAllTextAsync(file, page);
        var reportRuns = new List<double>();
        for (int r = 0; r < options.Runs; r++) reportRuns.Add(await FirstRenderAsync(browser, new Uri(file).AbsoluteUri));
        if (options.Shots is { } dir) await browser.ScreenshotAsync(Path.Combine(dir, $"report-{n}.png"));
        Console.WriteLine(JsonSerializer.Serialize(new { bench = "report-first-render", trials = n, bytes = new FileInfo(file).Length, writeMs = Math.Round(renderMs), runsMs = reportRuns.Select(v => Math.Round(v)), medianMs = Math.Round(Median(reportRuns)) }));
    }

    // Live: a running job followed from its start to its end.
    var liveId = await client.SubmitAsync(Job($"live-{options.Live}", options.Live), default);
    await browser.NavigateAsync($"{url}/#/jobs/{liveId}");
    await WaitFinishedAsync(client, liveId);
    var updates = await browser.WaitForAsync("""
        (() => { const c = document.querySelector('.scatter-host'); return c && +c.dataset.points === __N__
          ? performance.getEntriesByName('tuner-live-update').map(e => e.duration) : null; })()
        """.Replace("__N__", options.Live.ToString(CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(60), "the live page to show every trial");
    var durations = updates.EnumerateArray().Select(e => e.GetDouble()).Order().ToList();
    var liveMet = durations.Count > 0 && durations[^1] <= 100;
    allMet &= liveMet;
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        bench = "dashboard-live-update", trials = options.Live, updates = durations.Count,
        p50Ms = Math.Round(Pct(durations, 0.5), 1), p90Ms = Math.Round(Pct(durations, 0.9), 1), maxMs = durations.Count > 0 ? Math.Round(durations[^1], 1) : 0, targetMs = 100, met = liveMet,
    }));
    Console.WriteLine(JsonSerializer.Serialize(new { bench = "dashboard-console-errors", errors = browser.Errors.Count, first = browser.Errors.Take(5) }));
    ok = allMet && browser.Errors.IsEmpty;
    return ok ? 0 : 1;
}
finally
{
    foreach (var process in processes)
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
    if (ok) try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    else Console.Error.WriteLine($"logs and database kept in {directory}");
}

// Navigation start → the page's "tuner-first-render" mark (performance.mark is relative to the navigation's start).
static async Task<double> FirstRenderAsync(HeadlessChromium browser, string url)
{
    await browser.NavigateAsync("about:blank");
    await browser.NavigateAsync(url);
    var mark = await browser.WaitForAsync("(() => { const m = performance.getEntriesByName('tuner-first-render')[0]; return m ? m.startTime : null; })()",
        TimeSpan.FromSeconds(60), $"the first render of {url}");
    return mark.GetDouble();
}

static async Task WaitFinishedAsync(TunerApiClient client, string id)
{
    var deadline = DateTime.UtcNow.AddMinutes(30);
    while (!(await client.StatusAsync(id, default)).IsFinal)
    {
        if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {id} did not finish");
        await Task.Delay(500);
    }
}

static async Task WaitReadyAsync(HttpClient http, string url)
{
    var deadline = DateTime.UtcNow.AddSeconds(90);
    while (DateTime.UtcNow < deadline)
    {
        try
        {
            if ((await http.GetAsync($"{url}/readyz")).IsSuccessStatusCode) return;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
        }
        await Task.Delay(500);
    }
    throw new TimeoutException($"{url} never became ready");
}

static double Median(List<double> values) => Pct(values.Order().ToList(), 0.5);

static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

static object Machine() => new
{
    processors = Environment.ProcessorCount,
    loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
};

// A tiny random search: three hyperparameters (one log-sampled, one a choice), three epochs per trial.
static string Job(string name, int trials) => $$$"""
    {"name": "{{{name}}}", "data": {"kind": "sine", "length": 200, "noise": 0.1}, "window": 5,
     "searchSpace": {"units": {"type": "int", "min": 4, "max": 64, "step": 4}, "learning_rate": {"type": "float", "min": 0.0001, "max": 0.1, "sampling": "log"},
                     "cell": {"type": "choice", "values": ["lstm", "gru"]}},
     "algorithm": {"type": "random", "maxTrials": {{{trials}}}, "epochs": 3}}
    """;

namespace Tuner.Dashboard.Bench
{
    internal sealed record BenchOptions(int[] Trials, int Live, int Runs, int Slots, string Chromium, string? Shots)
    {
        public static BenchOptions Parse(string[] args)
        {
            var options = new BenchOptions([10_000, 100_000], 10_000, 3, 64, "/usr/bin/chromium", null);
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--trials" => options with { Trials = args[i + 1].Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray() },
                    "--live" => options with { Live = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--runs" => options with { Runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--slots" => options with { Slots = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--chromium" => options with { Chromium = args[i + 1] },
                    "--shots" => options with { Shots = Directory.CreateDirectory(args[i + 1]).FullName },
                    _ => throw new ArgumentException($"unknown option {args[i]}; use --trials N,N --live N --runs N --slots N --chromium PATH --shots DIR"),
                };
            }
            return options;
        }
    }
}
