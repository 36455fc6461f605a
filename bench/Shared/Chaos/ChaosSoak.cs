using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Npgsql;

namespace Tuner.Bench.Chaos;

/// <summary>The chaos soak: three coordinators on a fresh PostgreSQL database and three single-slot workers, real
/// processes of the built tuner.dll on 127.0.0.1. Jobs (<see cref="ChaosJobs"/>) are kept running while, every few
/// seconds, a worker or the coordinator hosting the job manager (the cluster singleton) gets SIGKILL and is started
/// again (a coordinator with its address, as a StatefulSet restarts a pod; a worker anew, as a Deployment does). Then
/// the jobs are left to finish, and each is checked against the undisturbed run of its spec (<c>tuner run</c>, run
/// alongside) by <see cref="ChaosCheck"/>.</summary>
internal sealed class ChaosSoak(ChaosSettings settings, Action<string> log) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tuner-chaos-").FullName;
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];
    private readonly int[] _akkaPorts = [.. Enumerable.Range(0, ChaosSettings.Coordinators).Select(_ => TunerNodes.FreePort())];
    private readonly int[] _httpPorts = [.. Enumerable.Range(0, ChaosSettings.Coordinators).Select(_ => TunerNodes.FreePort())];
    private readonly int[] _workerPorts = [.. Enumerable.Range(0, ChaosSettings.Workers).Select(_ => settings.FixedWorkerPorts ? TunerNodes.FreePort() : 0)];
    private readonly ChaosNode[] _coordinators = new ChaosNode[ChaosSettings.Coordinators];
    private readonly ChaosNode[] _workers = new ChaosNode[ChaosSettings.Workers];
    private readonly ConcurrentQueue<ChaosNode> _started = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan }; // each request has its own
    private readonly Random _random = new(settings.Seed);
    private readonly ConcurrentDictionary<string, string> _specs = new(); // job name → spec
    private readonly ConcurrentDictionary<string, Task<JsonNode>> _references = new(); // job name → undisturbed results (submitted, or maybe)
    private readonly SemaphoreSlim _referenceSlot = new(1);
    private readonly List<(DateTime At, Dictionary<string, (string Status, long Epochs)> Jobs)> _snapshots = [];
    private string _db = "";
    private int _next;

    private string Seeds => string.Join(",", _akkaPorts.Select(p => $"akka.tcp://tuner@127.0.0.1:{p}"));

    public async Task<ChaosReport> RunAsync()
    {
        var total = Stopwatch.StartNew();
        _db = CreateDatabase(settings.Postgres);
        await StartClusterAsync();
        log($"cluster up in {total.Elapsed.TotalSeconds:F0} s: {ChaosSettings.Coordinators} coordinators, {ChaosSettings.Workers} workers");

        var chaosStart = DateTime.UtcNow;
        var chaosEnd = chaosStart + settings.Chaos;
        using var stopMonitor = new CancellationTokenSource();
        var monitoring = MonitorAsync(stopMonitor.Token);
        var supervising = SuperviseAsync(chaosStart, stopMonitor.Token);
        var feeding = FeedJobsAsync(chaosEnd);
        var kills = await KillUntilAsync(chaosStart, chaosEnd);
        await feeding;
        var chaos = DateTime.UtcNow - chaosStart;
        log($"chaos over after {chaos.TotalSeconds:F0} s: {kills.Count} kills; letting the jobs finish");

        var problems = new List<string>();
        var finished = await DrainAsync(settings.Drain);
        if (finished is null) problems.Add($"the jobs did not all finish within {settings.Drain.TotalSeconds:F0} s after the chaos: {LastSummary()}");
        var jobs = finished is null ? [] : await CheckJobsAsync(finished, problems);
        await stopMonitor.CancelAsync();
        await monitoring;
        await supervising;

        var measured = kills.Select(k => Measure(k, chaosStart)).ToList();
        int errors = _started.Sum(n => n.Errors);
        // Every node's resolver that downs all logs it: one such decision is the first line of a burst within 10 s.
        var downAll = _started.SelectMany(n => n.SelfDowningDecisions()).Order()
            .Aggregate(new List<DateTime>(), (firsts, at) => { if (firsts.Count == 0 || at - firsts[^1] > TimeSpan.FromSeconds(10)) firsts.Add(at); return firsts; });
        List<ChaosSelfExit> selfExits;
        lock (_selfExits) selfExits = [.. _selfExits];
        return new ChaosReport(Math.Round(chaos.TotalSeconds, 1), Math.Round(total.Elapsed.TotalSeconds, 1), measured, selfExits, downAll.Count, jobs, problems, errors);
    }

    /// <summary>The last lines of every process started, for a failure's message.</summary>
    public string Diagnostics() => string.Join("\n", _started.Select(n => n.Tail()));

    // --- the cluster ------------------------------------------------------------------------------------------------

    private static string CreateDatabase(string admin)
    {
        var name = $"chaos_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}";
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>The soak's database is dropped at the end (a dev server would collect one per run otherwise).</summary>
    private void DropDatabase()
    {
        if (_db.Length == 0) return;
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var connection = new NpgsqlConnection(settings.Postgres);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(_db).Database} WITH (FORCE)";
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException e)
        {
            log($"the soak's database was left behind: {e.Message}");
        }
    }

    private async Task StartClusterAsync()
    {
        // The first coordinator forms the cluster and hosts the job manager; the others join it, then the workers.
        _coordinators[0] = StartCoordinator(0);
        await WaitReadyAsync(_coordinators[0], TimeSpan.FromSeconds(90));
        for (int i = 1; i < _coordinators.Length; i++) _coordinators[i] = StartCoordinator(i);
        for (int i = 0; i < _workers.Length; i++) _workers[i] = StartWorker(i);
        foreach (var node in _coordinators.Concat(_workers)) await WaitReadyAsync(node, TimeSpan.FromSeconds(90));
    }

    private ChaosNode StartCoordinator(int ordinal)
    {
        int management = TunerNodes.FreePort();
        var node = new ChaosNode("coordinator", $"coordinator-{ordinal}", _directory,
            ["coordinator", "--hostname", "127.0.0.1", "--port", _akkaPorts[ordinal].ToString(), "--seeds", Seeds,
             "--http", $"http://127.0.0.1:{_httpPorts[ordinal]}", "--db", _db, "--management-port", management.ToString(), "--log-format", "json"],
            apiUrl: $"http://127.0.0.1:{_httpPorts[ordinal]}", managementUrl: $"http://127.0.0.1:{management}", logFile: LogFile($"coordinator-{ordinal}"));
        _started.Enqueue(node);
        return node;
    }

    private ChaosNode StartWorker(int ordinal)
    {
        int management = TunerNodes.FreePort();
        var node = new ChaosNode("worker", $"worker-{ordinal}", _directory,
            ["worker", "--hostname", "127.0.0.1", "--port", _workerPorts[ordinal].ToString(), "--seeds", Seeds, "--slots", "1",
             "--management-port", management.ToString(), "--log-format", "json"],
            managementUrl: $"http://127.0.0.1:{management}", logFile: LogFile($"worker-{ordinal}"));
        _started.Enqueue(node);
        return node;
    }

    private string? LogFile(string name)
    {
        if (settings.LogDirectory is not { } folder) return null;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{_started.Count:000}-{name}.log");
    }

    private async Task WaitReadyAsync(ChaosNode node, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (node.HasExited) throw new InvalidOperationException($"{node.Name} exited while starting\n{node.Tail()}");
            if (await ReadyAsync(node)) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{node.Name} not ready after {timeout.TotalSeconds:F0} s\n{node.Tail()}");
    }

    private async Task<bool> ReadyAsync(ChaosNode node)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            using var response = await _http.GetAsync(node.Management + "/ready", cts.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private readonly List<ChaosSelfExit> _selfExits = [];

    /// <summary>A process that ended without being killed is started again, as Kubernetes restarts a pod (a coordinator
    /// with its address, a worker anew), and recorded.</summary>
    private async Task SuperviseAsync(DateTime start, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            lock (_restartGate)
            {
                for (int i = 0; i < _coordinators.Length; i++)
                    if (_coordinators[i] is { HasExited: true, Killed: false } exited) { Exited(exited); _coordinators[i] = StartCoordinator(i); }
                for (int i = 0; i < _workers.Length; i++)
                    if (_workers[i] is { HasExited: true, Killed: false } exited) { Exited(exited); _workers[i] = StartWorker(i); }
            }
            try { await Task.Delay(500, stop); }
            catch (OperationCanceledException) { }
        }

        void Exited(ChaosNode node)
        {
            var at = DateTime.UtcNow;
            lock (_selfExits) _selfExits.Add(new ChaosSelfExit(node.Name, node.ExitCode ?? -1, Math.Round((at - start).TotalSeconds, 1)));
            log($"+{(at - start).TotalSeconds,5:F0} s  {node.Name} (pid {node.Pid}) exited by itself with {node.ExitCode}: started again");
        }
    }

    private readonly object _restartGate = new();

    // --- the chaos --------------------------------------------------------------------------------------------------

    private sealed record Kill(string Kind, ChaosNode Victim, DateTime At, Dictionary<string, (string Status, long Epochs)> JobsAtKill, bool JobManagerDown = false);

    /// <summary>Every few seconds (uniformly between the settings' bounds) one SIGKILL: the job manager's host when it runs
    /// (a third of the kills, and the first chance of all if none has been killed yet), otherwise a random worker. The
    /// victim is started again at once. The job manager's host is only killed once the job manager runs again after the
    /// previous such kill: killing whichever coordinator happens to be next while none hosts it is not "killing the host".</summary>
    private async Task<List<Kill>> KillUntilAsync(DateTime start, DateTime end)
    {
        var kills = new List<Kill>();
        DateTime lastHostKill = DateTime.MinValue;
        while (true)
        {
            var pause = settings.KillEveryMin + (settings.KillEveryMax - settings.KillEveryMin) * _random.NextDouble();
            if (DateTime.UtcNow + pause >= end) break;
            await Task.Delay(pause);
            var host = settings.KillHosts ? SingletonHost(lastHostKill) : null;
            bool hostKilledYet = kills.Any(k => k.Kind == "singleton-host");
            bool killHost = host is not null && (!hostKilledYet || _random.NextDouble() < 1.0 / 3);
            var at = DateTime.UtcNow;
            var jobsAtKill = LatestJobs();
            // Whether the job manager runs: not between its host's kill and its start on another coordinator.
            bool jobManagerDown = lastHostKill != DateTime.MinValue && host is null;
            lock (_restartGate)
            {
                if (killHost)
                {
                    int ordinal = Array.IndexOf(_coordinators, host);
                    host!.Kill();
                    lastHostKill = at;
                    _coordinators[ordinal] = StartCoordinator(ordinal);
                    kills.Add(new Kill("singleton-host", host, at, jobsAtKill));
                }
                else
                {
                    int ordinal = _random.Next(_workers.Length);
                    var victim = _workers[ordinal];
                    victim.Kill();
                    _workers[ordinal] = StartWorker(ordinal);
                    kills.Add(new Kill("worker", victim, at, jobsAtKill, jobManagerDown));
                }
            }
            log($"+{(at - start).TotalSeconds,5:F0} s  SIGKILL {kills[^1].Kind} {kills[^1].Victim.Name} (pid {kills[^1].Victim.Pid})");
        }
        return kills;
    }

    /// <summary>The coordinator that started the job manager last, if that was after <paramref name="since"/> and it lives.</summary>
    private ChaosNode? SingletonHost(DateTime since)
    {
        var latest = _coordinators.Select(c => (Node: c, At: c.FirstEvent(ChaosNode.SingletonStarted, since)))
            .Where(c => c.At is not null).OrderByDescending(c => c.At).FirstOrDefault();
        return latest.Node is { HasExited: false } node ? node : null;
    }

    private ChaosKill Measure(Kill kill, DateTime chaosStart)
    {
        double? Since(DateTime? at) => at is { } t ? Math.Round((t - kill.At).TotalSeconds, 1) : null;
        double atS = Math.Round((kill.At - chaosStart).TotalSeconds, 1);
        if (kill.Kind == "worker")
        {
            // The first requeue of this worker's attempts, by the worker id the requeue line names: not any job's next
            // requeue, which for a worker that held nothing (or whose loss was not yet seen) belongs to another kill.
            var victim = new Regex(Regex.Escape(kill.Victim.WorkerId) + @"(?!\d)");
            var requeued = _started.Where(n => n.Role == "coordinator")
                .Select(n => n.FirstEvent(m => m.Contains(ChaosNode.Requeuing, StringComparison.Ordinal) && victim.IsMatch(m), kill.At)).Where(t => t is not null).Min();
            // The part that is the requeue's own: from the kill, or from the job manager's last start before the requeue
            // when it started after the kill (no requeue can come while it does not run).
            var jobManagerBack = requeued is { } r
                ? _started.Where(n => n.Role == "coordinator").SelectMany(n => n.Events(ChaosNode.SingletonStarted)).Where(t => t > kill.At && t <= r).Cast<DateTime?>().Max()
                : null;
            var requeuedAfterJobManager = requeued is { } end ? Math.Round((end - (jobManagerBack ?? kill.At)).TotalSeconds, 1) : (double?)null;
            return new ChaosKill(kill.Kind, kill.Victim.Name, atS, null, null, Since(requeued), kill.JobManagerDown, requeuedAfterJobManager);
        }
        var moved = _started.Where(n => n.Role == "coordinator" && n != kill.Victim).Select(n => n.FirstEvent(ChaosNode.SingletonStarted, kill.At)).Where(t => t is not null).Min();
        DateTime? progress;
        lock (_snapshots)
            progress = _snapshots.Where(s => s.At > kill.At && s.Jobs.Any(j => j.Value.Epochs > (kill.JobsAtKill.TryGetValue(j.Key, out var before) ? before.Epochs : 0)))
                .Select(s => (DateTime?)s.At).FirstOrDefault();
        return new ChaosKill(kill.Kind, kill.Victim.Name, atS, Since(moved), Since(progress), null);
    }

    // --- the jobs ---------------------------------------------------------------------------------------------------

    /// <summary>Keeps <see cref="ChaosSettings.ConcurrentJobs"/> jobs running until the chaos ends, each also run undisturbed.</summary>
    private async Task FeedJobsAsync(DateTime end)
    {
        while (DateTime.UtcNow < end && (settings.MaxJobs is not { } max || _next < max))
        {
            var jobs = LatestJobs();
            int active = _specs.Keys.Count(name => !jobs.Any(j => NameOf(j.Key) == name && Ended(j.Value.Status)));
            if (active < settings.ConcurrentJobs)
            {
                var (name, spec) = ChaosJobs.Create(_run, _next);
                var submitted = await SubmitAsync(spec, end);
                if (submitted == Submission.Created)
                {
                    _next++;
                    _specs[name] = spec;
                    _references[name] = RunUndisturbedAsync(name, spec);
                    continue;
                }
                // Every answer was lost until the chaos ended, yet the job may exist: if it does, it is checked too (the
                // drain does not wait for it, as it may not).
                if (submitted == Submission.Unknown) _references[name] = RunUndisturbedAsync(name, spec);
            }
            await Task.Delay(500);
        }
    }

    private enum Submission
    {
        Created,
        NotCreated,
        /// <summary>No 201 came before the chaos ended, but a request whose answer was lost or late may have created it.</summary>
        Unknown,
    }

    /// <summary>POST to the first coordinator that answers 201. A submission whose answer was lost may have created the job
    /// anyway: then it runs twice under two ids, and both are checked.</summary>
    private async Task<Submission> SubmitAsync(string spec, DateTime end)
    {
        var attempted = false;
        while (DateTime.UtcNow < end)
        {
            foreach (var coordinator in _coordinators)
            {
                try
                {
                    attempted = true;
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    using var response = await _http.PostAsync(coordinator.Api + "/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"), cts.Token);
                    if ((int)response.StatusCode == 201) return Submission.Created;
                    if ((int)response.StatusCode == 400) throw new InvalidOperationException($"the soak's job was refused: {await response.Content.ReadAsStringAsync()}");
                    // Any other answer (503: the job manager did not answer in time) may still have created it.
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
            }
            await Task.Delay(500);
        }
        return attempted ? Submission.Unknown : Submission.NotCreated;
    }

    private string NameOf(string jobId) => _references.Keys.FirstOrDefault(name => jobId.StartsWith(name + "-", StringComparison.Ordinal)) ?? jobId;

    private static bool Ended(string status) => status is "completed" or "cancelled" or "failed";

    /// <summary>The soak's jobs as the API lists them, twice a second, from whichever coordinator answers.</summary>
    private async Task MonitorAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (await ListJobsAsync() is { } jobs)
                lock (_snapshots) _snapshots.Add((DateTime.UtcNow, jobs));
            try { await Task.Delay(500, stop); }
            catch (OperationCanceledException) { }
        }
    }

    private async Task<Dictionary<string, (string Status, long Epochs)>?> ListJobsAsync()
    {
        foreach (var coordinator in _coordinators.OrderBy(_ => Random.Shared.Next()))
        {
            if (await GetAsync(coordinator.Api + "/api/jobs") is not { } list) continue;
            return list["jobs"]!.AsArray().Select(j => j!).Where(j => ((string)j["name"]!).StartsWith($"chaos-{_run}-", StringComparison.Ordinal))
                .ToDictionary(j => (string)j["id"]!, j => ((string)j["status"]!, (long)j["epochsTrained"]!));
        }
        return null;
    }

    private Dictionary<string, (string Status, long Epochs)> LatestJobs()
    {
        lock (_snapshots) return _snapshots.Count == 0 ? [] : _snapshots[^1].Jobs;
    }

    private string LastSummary() => string.Join(", ", LatestJobs().Select(j => $"{j.Key} {j.Value.Status} ({j.Value.Epochs} epochs)"));

    /// <summary>Until every job submitted is listed and ended; their ids, or null on timeout.</summary>
    private async Task<List<string>?> DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await ListJobsAsync() is { } jobs && _specs.Keys.All(name => jobs.Keys.Any(id => NameOf(id) == name)) && jobs.Values.All(j => Ended(j.Status)))
                return [.. jobs.Keys];
            await Task.Delay(500);
        }
        return null;
    }

    private async Task<List<ChaosJobCheck>> CheckJobsAsync(List<string> jobIds, List<string> problems)
    {
        var checks = new List<ChaosJobCheck>();
        foreach (var jobId in jobIds.Order())
        {
            var name = NameOf(jobId);
            JsonNode? results = null;
            for (int i = 0; i < 40 && results is null; i++)
            {
                foreach (var coordinator in _coordinators)
                    if ((results = await GetAsync($"{coordinator.Api}/api/jobs/{jobId}/results", TimeSpan.FromSeconds(30))) is not null) break;
                if (results is null) await Task.Delay(500);
            }
            if (results is null)
            {
                problems.Add($"{jobId}: no results from any coordinator");
                continue;
            }
            if (!_references.TryGetValue(name, out var referenceRun))
            {
                problems.Add($"{jobId}: a job the soak did not submit");
                continue;
            }
            var reference = await referenceRun;
            var (found, trials) = ChaosCheck.Compare(jobId, results, reference);
            var best = results["best"] is { } b ? $"{(string?)b["trialId"]} {(string?)results["objective"]}={b[(string)results["objective"]!]}" : "none";
            checks.Add(new ChaosJobCheck(jobId, (string)results["algorithm"]!, trials, best, found));
        }
        return checks;
    }

    /// <summary>The job's spec and seed run undisturbed: <c>tuner run</c> in local mode, two in-process workers, one run at a
    /// time beside the soak.</summary>
    private async Task<JsonNode> RunUndisturbedAsync(string name, string spec)
    {
        await _referenceSlot.WaitAsync();
        try
        {
            var folder = Path.Combine(_directory, "undisturbed", name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "job.json"), spec);
            var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { TunerNodes.TunerDll(), "run", "job.json", "--workers", "2", "--db", "run.db", "--out", "out", "--json" }) psi.ArgumentList.Add(arg);
            using var process = Process.Start(psi)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"tuner run {name} exited {process.ExitCode}: {await error}");
            return JsonNode.Parse(output)!;
        }
        finally
        {
            _referenceSlot.Release();
        }
    }

    private async Task<JsonNode?> GetAsync(string url, TimeSpan? timeout = null)
    {
        try
        {
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(3));
            using var response = await _http.GetAsync(url, cts.Token);
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cts.Token)) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var node in _started) node.Dispose();
        DropDatabase();
        _http.Dispose();
        _referenceSlot.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
