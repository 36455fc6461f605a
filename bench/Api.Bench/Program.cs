// HTTP API submit latency (docs/benchmarks.md): one coordinator (SQLite journal) and one worker that finishes trials
// at once (bench/NoOpWorker), started from the built tuner.dll and tuner-noop-worker.dll on 127.0.0.1. Twenty watchers follow twenty long jobs
// over server-sent events (as `tuner watch` does) while rounds of 50 concurrent submissions are timed; then every
// job must be listed exactly once. Prints one JSON line.
//
//   dotnet run -c Release --project bench/Api.Bench -- [--jobs 50] [--watchers 20] [--rounds 5] [--server URL]

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Tuner.Api.Bench;
using Tuner.Bench;
using Tuner.Cli.Client;
using Tuner.Cli.Commands;
using Tuner.Contracts.Protocol;

var options = BenchOptions.Parse(args);
using var cluster = options.Server is null ? LocalCluster.Start() : null;
var server = new Uri((options.Server ?? cluster!.Url).TrimEnd('/') + "/");
using var client = new TunerApiClient(server, Environment.GetEnvironmentVariable("TUNER_API_TOKEN"));
try
{
    return await MeasureAsync();
}
catch
{
    if (cluster is not null) cluster.KeepFiles = true;
    throw;
}

async Task<int> MeasureAsync()
{
    await WaitReadyAsync(server);
    var run = Guid.NewGuid().ToString("N")[..6];

    // Watched jobs run throughout the measurement (many trials), so the watchers stream while submissions are timed.
    var watchedIds = await Task.WhenAll(Enumerable.Range(0, options.Watchers).Select(i => client.SubmitAsync(Job($"watched-{run}-{i:00}", trials: 40), default)));
    var watchers = watchedIds.Select(async id =>
    {
        var summaries = Channel.CreateUnbounded<JobSummary>();
        var follow = WatchCommand.FollowAsync(client, id, summaries.Writer, default);
        int received = 0;
        JobSummary? last = null;
        await foreach (var summary in summaries.Reader.ReadAllAsync()) { received++; last = summary; }
        await follow;
        return (Last: last, Received: received);
    }).ToList();

    // Sequential baseline: one submission at a time.
    var sequential = new List<double>();
    for (int i = 0; i < 20; i++) sequential.Add(await TimeSubmitAsync($"seq-{run}-{i:00}"));

    var concurrent = new List<double>();
    var submitted = new List<string>();
    for (int round = 0; round < options.Rounds; round++)
    {
        var go = new TaskCompletionSource();
        var batch = Enumerable.Range(0, options.Jobs).Select(async i =>
        {
            await go.Task;
            var clock = Stopwatch.StartNew();
            var id = await client.SubmitAsync(Job($"load-{run}-{round}-{i:00}", trials: 2), default);
            return (Id: id, Ms: clock.Elapsed.TotalMilliseconds);
        }).ToList();
        go.SetResult();
        var results = await Task.WhenAll(batch);
        concurrent.AddRange(results.Select(r => r.Ms));
        submitted.AddRange(results.Select(r => r.Id));
    }

    var finals = await Task.WhenAll(watchers);
    var listed = (await client.ListAsync(default)).Where(j => j.Name.StartsWith($"load-{run}-", StringComparison.Ordinal)).Select(j => j.Id).ToList();
    bool exactlyOnce = listed.Count == submitted.Count && listed.Order().SequenceEqual(submitted.Order()) && submitted.Distinct().Count() == submitted.Count;

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        bench = "api-submit",
        jobsPerRound = options.Jobs,
        rounds = options.Rounds,
        watchers = options.Watchers,
        concurrent = Stats(concurrent),
        sequential = Stats(sequential),
        acceptedExactlyOnce = exactlyOnce,
        watchersSawTheEnd = finals.Count(f => f.Last?.IsFinal == true),
        summariesStreamed = finals.Sum(f => f.Received),
        processors = Environment.ProcessorCount,
        loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
    }));
    var ok = exactlyOnce && finals.All(f => f.Last?.IsFinal == true);
    if (cluster is not null) cluster.KeepFiles = !ok;
    return ok ? 0 : 1;
}

async Task<double> TimeSubmitAsync(string name)
{
    var clock = Stopwatch.StartNew();
    await client.SubmitAsync(Job(name, trials: 2), default);
    return clock.Elapsed.TotalMilliseconds;
}

static object Stats(List<double> ms)
{
    var sorted = ms.Order().ToList();
    double P(double p) => Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)], 1);
    return new { n = sorted.Count, p50 = P(0.50), p90 = P(0.90), p99 = P(0.99), max = Math.Round(sorted[^1], 1) };
}

static string Job(string name, int trials) => $$$"""
    {"name": "{{{name}}}", "data": {"kind": "sine", "length": 200, "noise": 0.1}, "window": 5,
     "searchSpace": {"units": {"type": "int", "min": 4, "max": 16, "step": 4}, "learning_rate": {"type": "float", "min": 0.001, "max": 0.1, "sampling": "log"}},
     "algorithm": {"type": "random", "maxTrials": {{{trials}}}, "epochs": 2}}
    """;

static async Task WaitReadyAsync(Uri server)
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    var deadline = DateTime.UtcNow.AddSeconds(90);
    while (DateTime.UtcNow < deadline)
    {
        try
        {
            if ((await http.GetAsync(new Uri(server, "readyz"))).IsSuccessStatusCode) return;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
        }
        await Task.Delay(500);
    }
    throw new TimeoutException($"{server} never became ready");
}

namespace Tuner.Api.Bench
{
    /// <summary>Command-line options of the bench.</summary>
    internal sealed record BenchOptions(int Jobs, int Watchers, int Rounds, string? Server)
    {
        public static BenchOptions Parse(string[] args)
        {
            var options = new BenchOptions(50, 20, 5, null);
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--jobs" => options with { Jobs = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--watchers" => options with { Watchers = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--rounds" => options with { Rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--server" => options with { Server = args[i + 1] },
                    _ => throw new ArgumentException($"unknown option {args[i]}; use --jobs N --watchers N --rounds N --server URL"),
                };
            }
            return options;
        }
    }

    /// <summary>A coordinator and a no-op worker from the built tuner.dll, in a temporary folder; killed on dispose.</summary>
    internal sealed class LocalCluster : IDisposable
    {
        private readonly List<Process> _processes = [];
        private readonly List<TextWriter> _logs = [];
        private readonly string _directory = Directory.CreateTempSubdirectory("tuner-api-bench-").FullName;

        public string Url { get; private set; } = "";

        public static LocalCluster Start()
        {
            var cluster = new LocalCluster();
            int akka = TunerNodes.FreePort(), http = TunerNodes.FreePort();
            cluster.Url = $"http://127.0.0.1:{http}";
            var seed = $"akka.tcp://tuner@127.0.0.1:{akka}";
            cluster.Run("coordinator", "--hostname", "127.0.0.1", "--port", akka.ToString(CultureInfo.InvariantCulture), "--seeds", seed,
                "--http", cluster.Url, "--db", Path.Combine(cluster._directory, "tuner.db"), "--log-format", "json");
            cluster.Run("worker", "--hostname", "127.0.0.1", "--port", "0", "--seeds", seed, "--slots", "4", "--log-format", "json");
            return cluster;
        }

        private void Run(params string[] args)
        {
            // Keep the logs (JSON lines) beside the database: a failed run leaves its folder for a look.
            var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(_directory, $"{args[0]}.log")) { AutoFlush = true });
            _logs.Add(log);
            // Workers are the no-op worker (bench/NoOpWorker): trials finish at once.
            _processes.Add(TunerNodes.StartDll(args[0] == "worker" ? TunerNodes.NoOpWorkerDll() : TunerNodes.TunerDll(), _directory, log.WriteLine, args));
        }

        /// <summary>Set when the run failed: the folder (database and logs) is kept.</summary>
        public bool KeepFiles { get; set; }

        public void Dispose()
        {
            foreach (var process in _processes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
            foreach (var log in _logs) log.Dispose();
            if (KeepFiles) Console.Error.WriteLine($"logs and database kept in {_directory}");
            else try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }
}
