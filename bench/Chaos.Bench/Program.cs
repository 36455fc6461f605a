// The chaos soak (docs/benchmarks.md, "Chaos soak"): three coordinators on PostgreSQL and three workers, real processes
// on 127.0.0.1, several Hyperband and random-search jobs at once, a SIGKILL every few seconds of a worker or of the
// coordinator hosting the job manager, for N minutes; then every job must complete with each trial exactly once and
// equal to the undisturbed run of its spec (`tuner run`), best included. Prints one JSON line per kill, one per job and
// a summary; exit 1 if anything differs. Not in CI (tests/Cli.Tests ChaosSoakSmokeTests is its two-minute version).
//
//   TUNER_TEST_POSTGRES="Host=…;Username=…;Database=postgres" \
//   dotnet run -c Release --project bench/Chaos.Bench -- [--minutes 20] [--jobs 4] [--kill-every 3-8] [--seed 1] [--postgres CONN] [--logs DIR] [--workers-only] [--fixed-worker-ports]

using System.Globalization;
using System.Text.Json;
using Tuner.Bench.Chaos;

var options = Options.Parse(args);
var settings = new ChaosSettings(
    options.Postgres ?? Environment.GetEnvironmentVariable("TUNER_TEST_POSTGRES") ?? throw new ArgumentException("--postgres CONN or TUNER_TEST_POSTGRES: an admin connection string"),
    TimeSpan.FromMinutes(options.Minutes), TimeSpan.FromSeconds(options.KillMin), TimeSpan.FromSeconds(options.KillMax),
    options.Jobs, MaxJobs: null, Drain: TimeSpan.FromMinutes(10), options.Seed, KillHosts: !options.WorkersOnly, LogDirectory: options.Logs,
    FixedWorkerPorts: options.FixedWorkerPorts);
using var soak = new ChaosSoak(settings, line => Console.Error.WriteLine(line));
var report = await soak.RunAsync();

var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
foreach (var kill in report.Kills) Console.WriteLine(JsonSerializer.Serialize(new { bench = "chaos-kill", kill.Kind, kill.Victim, kill.AtS, kill.SingletonMovedS, kill.ProgressS, kill.RequeuedS, kill.JobManagerDown, kill.RequeuedAfterJobManagerS }, json));
foreach (var exit in report.SelfExits) Console.WriteLine(JsonSerializer.Serialize(new { bench = "chaos-self-exit", exit.Node, exit.ExitCode, exit.AtS }, json));
foreach (var job in report.Jobs) Console.WriteLine(JsonSerializer.Serialize(new { bench = "chaos-job", job.JobId, job.Algorithm, job.Trials, job.Best, job.Problems }, json));

static object Spread(IEnumerable<double?> values)
{
    var sorted = values.Where(v => v is not null).Select(v => v!.Value).Order().ToList();
    return sorted.Count == 0 ? new { n = 0 } : new { n = sorted.Count, median = sorted[sorted.Count / 2], max = sorted[^1] };
}

var hostKills = report.Kills.Where(k => k.Kind == "singleton-host").ToList();
var workerKills = report.Kills.Where(k => k.Kind == "worker").ToList();
Console.WriteLine(JsonSerializer.Serialize(new
{
    bench = "chaos-soak",
    minutes = options.Minutes,
    coordinators = ChaosSettings.Coordinators,
    workers = ChaosSettings.Workers,
    killEveryS = $"{options.KillMin}-{options.KillMax}",
    victims = options.WorkersOnly ? "workers" : "workers and the job manager's host",
    workerPorts = options.FixedWorkerPorts ? "fixed" : "any free",
    seed = options.Seed,
    chaosS = report.ChaosS,
    totalS = report.TotalS,
    kills = new { singletonHost = hostKills.Count, worker = workerKills.Count },
    selfExits = report.SelfExits.Count,
    selfDowningDecisions = report.SelfDowningDecisions,
    jobsChecked = report.Jobs.Count,
    jobsByAlgorithm = report.Jobs.GroupBy(j => j.Algorithm).ToDictionary(g => g.Key, g => g.Count()),
    trialsChecked = report.TrialsChecked,
    singletonMovedS = Spread(hostKills.Select(k => k.SingletonMovedS)),
    progressAfterHostKillS = Spread(hostKills.Select(k => k.ProgressS)),
    // Per kill, the requeue of that worker's own attempts; split by whether the job manager ran at the kill (if not, no
    // requeue can come before it runs again). Kills that requeued nothing (the worker held nothing) are only counted.
    requeuedAfterWorkerKillS = new
    {
        jobManagerUp = Spread(workerKills.Where(k => k.JobManagerDown != true).Select(k => k.RequeuedS)),
        jobManagerDown = Spread(workerKills.Where(k => k.JobManagerDown == true).Select(k => k.RequeuedS)),
        nothingRequeued = workerKills.Count(k => k.RequeuedS is null),
        // From the job manager's start when it started between the kill and the requeue: the requeue's own delay.
        afterJobManagerRuns = Spread(workerKills.Select(k => k.RequeuedAfterJobManagerS)),
    },
    errorLogEvents = report.ErrorLogEvents,
    problems = report.Problems.Concat(report.Jobs.SelectMany(j => j.Problems)).ToList(),
    passed = report.Passed,
}, json));
if (!report.Passed) Console.Error.WriteLine(soak.Diagnostics());
return report.Passed ? 0 : 1;

internal sealed record Options(double Minutes, int Jobs, double KillMin, double KillMax, int Seed, string? Postgres, string? Logs = null, bool WorkersOnly = false, bool FixedWorkerPorts = false)
{
    public static Options Parse(string[] args)
    {
        var o = new Options(20, 4, 3, 8, 1, null);
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--minutes" => o with { Minutes = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--jobs" => o with { Jobs = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--postgres" => o with { Postgres = Value() },
                "--logs" => o with { Logs = Value() },
                "--workers-only" => o with { WorkersOnly = true },
                "--fixed-worker-ports" => o with { FixedWorkerPorts = true },
                "--kill-every" => Value().Split('-') is [var min, var max]
                    ? o with { KillMin = double.Parse(min, CultureInfo.InvariantCulture), KillMax = double.Parse(max, CultureInfo.InvariantCulture) }
                    : throw new ArgumentException("--kill-every MIN-MAX (seconds), e.g. 3-8"),
                _ => throw new ArgumentException($"unknown option {args[i]}: --minutes N, --jobs N, --kill-every MIN-MAX, --seed S, --postgres CONN, --logs DIR, --workers-only, --fixed-worker-ports"),
            };
        }
        return o;
    }
}
