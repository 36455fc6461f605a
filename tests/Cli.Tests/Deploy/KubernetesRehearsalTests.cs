using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.Json;
using Npgsql;
using Tuner.Cli.Tests.Processes;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Tests.Shared;
using Xunit.Abstractions;

namespace Tuner.Cli.Tests.Deploy;

/// <summary>deploy/k8s rehearsed on loopback (see <see cref="LoopbackCluster"/>): the coordinator and
/// worker processes run with exactly the environment the manifests give their pods, on a real
/// PostgreSQL, with the kubelet's probes. In one cluster, one after another:
/// <list type="number">
/// <item>the StatefulSet's coordinators and two workers start at once and form one cluster by Cluster Bootstrap
/// through their management endpoints (the Kubernetes API's pod list played by config discovery); every pod,
/// workers included, passes its probes; a Hyperband job runs to completion, to plan;</item>
/// <item>a worker gets SIGTERM in the middle of a trial (a scale-down or eviction): it exits 0 within its
/// grace period, the trial is handed back from its last epoch and finished by another worker, and the
/// job completes to plan;</item>
/// <item>while a bigger job runs, with <c>tuner watch</c> following it through the API Service, the coordinators are
/// rolled as a StatefulSet update rolls them: highest ordinal first, SIGTERM, restart with the same identity, wait for
/// Ready, next. The singleton moves once, and no probe would have made the kubelet restart anything;</item>
/// <item>then, on the same job, the coordinators are SIGKILLed one at a time, the singleton's host first, with the
/// default split-brain resolver timing: after each kill the job makes progress again, the pod restarts with its
/// identity, and every attempt the kill interrupted trains on (or has finished its round); then the job is cancelled
/// (its tail is not waited for), every trial it finished trained exactly its round, and watch follows it to its end.</item>
/// </list></summary>
[Collection(ProcessTests.Name), Trait(ClusterLane.Trait, ClusterLane.Value)]
public sealed class KubernetesRehearsalTests(ITestOutputHelper output)
{
    private static string Job(string name, int seed, int maxEpochs, int length = 2500) => $$"""
        {
          "name": "{{name}}",
          "seed": {{seed}},
          "data": { "kind": "sine", "length": {{length}}, "noise": 0.1 },
          "window": 10,
          "searchSpace": {
            "units":         { "type": "choice", "values": [16, 24] },
            "learning_rate": { "type": "float", "min": 1e-3, "max": 1e-2, "sampling": "log" }
          },
          "algorithm": { "type": "hyperband", "maxEpochs": {{maxEpochs}}, "factor": 3 }
        }
        """;

    /// <summary>Each worker pod's CPU once the cluster is up (<see cref="LoopbackCluster.LimitCpu"/>).</summary>
    private const double WorkerCpus = 0.25;

    [PostgresFact]
    public async Task The_manifests_run_jobs_survive_a_worker_leaving_a_rolling_restart_and_each_coordinator_killed()
    {
        var total = Stopwatch.StartNew();
        var baseDir = Path.Combine(KubeManifests.DeployRoot, "base");
        var manifests = KubeManifests.LoadKustomization(baseDir);
        var (configMaps, secrets) = ClusterConfiguration(manifests);
        await using var cluster = new LoopbackCluster(manifests, configMaps, secrets, output);

        // --- the install: every pod at once (the coordinators' Parallel policy, the workers' Deployment); Cluster
        // Bootstrap forms one cluster through the management endpoints -----------------------------------------------
        Assert.Equal("Parallel", (string?)cluster.Coordinators["spec"]!["podManagementPolicy"]);
        var coordinators = Enumerable.Range(0, cluster.CoordinatorReplicas).Select(cluster.StartCoordinator).ToArray();
        // As many workers as the example autoscaler keeps at least.
        var hpa = KubeManifests.Load(Path.Combine(KubeManifests.DeployRoot, "overlays", "example", "worker-hpa.yaml")).Objects.Single();
        var workers = Enumerable.Range(0, KubeManifests.Int(hpa["spec"]!["minReplicas"])).Select(_ => cluster.StartWorker()).ToList();
        Assert.True(workers.Count >= 2, "the rehearsal needs two workers: one to leave, one to take its trial");
        foreach (var pod in coordinators.Concat(workers)) await cluster.WaitReadyAsync(pod, TimeSpan.FromSeconds(90));
        // One cluster, formed by bootstrap: the lowest-addressed coordinator joined itself, every other node joined it.
        var formed = coordinators.Where(c => c.Process.LogEvents().Any(e => e.Message().Contains("Initiating new cluster, self-joining", StringComparison.Ordinal))).ToList();
        Assert.True(formed.Count == 1 && formed[0] == coordinators[0], $"expected only {coordinators[0].Name} (the lowest address) to form the cluster, got [{string.Join(", ", formed.Select(f => f.Name))}]\n{cluster.Diagnostics()}");
        cluster.Log($"cluster up in {total.Elapsed.TotalSeconds:F0} s");
        // From here the workers train only to keep jobs busy while the test disrupts the cluster: a quarter of a core
        // each, which also sets the jobs' pace below whatever else the machine runs.
        foreach (var worker in workers) cluster.LimitCpu(worker, WorkerCpus);

        // --- 1. a job runs to completion ------------------------------------------------------------
        var first = await cluster.SubmitAsync(Job("rehearsal-first", 11, 9));
        await FinishesToPlanAsync(cluster, first, 9, TimeSpan.FromSeconds(240));
        cluster.Log("phase 1: the first job completed to plan");

        // --- 2. SIGTERM to a worker in the middle of a trial ----------------------------------------
        // Long series, so that a 9-epoch trial lasts seconds and the 250 ms poll sees one mid-way: on the
        // default 2,500 points a whole job trains in under a second, over before the poll sees it run.
        var second = await cluster.SubmitAsync(Job("rehearsal-worker-leaves", 12, 9, 45_000));
        JsonNode? interrupted = null;
        await cluster.WaitForJobAsync(second, job =>
        {
            // Epochs done, and enough to go that SIGTERM lands mid-trial.
            interrupted = job["running"]!.AsArray().FirstOrDefault(r => (int)r!["epoch"]! > (int)r["fromEpoch"]! && (int)r["toEpoch"]! - (int)r["epoch"]! >= 4);
            return interrupted is not null;
        }, TimeSpan.FromSeconds(120), "a trial with epochs done and at least four to go");
        var victim = workers.Single(w => w.WorkerId == (string?)interrupted!["worker"]);
        // Every attempt of the interrupted work item the job shows as running from now on (its status, every 100 ms):
        // where the next attempt starts is what the hand-back promises.
        var attemptsSeen = new System.Collections.Concurrent.ConcurrentQueue<JsonNode>();
        using var stopWatching = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!stopWatching.IsCancellationRequested)
            {
                var job = await cluster.ApiGetAsync($"/api/jobs/{second}");
                foreach (var running in job?["running"]?.AsArray() ?? [])
                    if ((string?)running!["workId"] == (string?)interrupted!["workId"]) attemptsSeen.Enqueue(running.DeepClone());
                await Task.Delay(100);
            }
        });
        var (exitCode, took) = await cluster.TerminateAsync(victim);
        Assert.True(exitCode == 0, $"the worker exited with {exitCode} after SIGTERM\n{victim.Process}");
        workers.Remove(victim);
        var replacement = cluster.StartWorker(); // the Deployment replaces the pod (a new pod, a new IP)
        workers.Add(replacement);
        await cluster.WaitReadyAsync(replacement, TimeSpan.FromSeconds(90));
        cluster.LimitCpu(replacement, WorkerCpus);

        await FinishesToPlanAsync(cluster, second, 9, TimeSpan.FromSeconds(240));
        var handBack = cluster.Pods.Where(p => p.Role == "coordinator").SelectMany(p => p.Process.LogEvents())
            .Where(e => e.Message().Contains("handed back after epoch", StringComparison.Ordinal))
            .FirstOrDefault(e => e.GetProperty("AttemptId").GetString()!.StartsWith((string)interrupted!["workId"]! + "#", StringComparison.Ordinal));
        Assert.True(handBack.ValueKind == JsonValueKind.Object, $"no coordinator logged the hand-back of {interrupted!["workId"]}\n{cluster.Diagnostics()}");
        // The trial kept the epochs it had trained (it resumes from the hand-back checkpoint, not from scratch).
        Assert.True(handBack.GetProperty("Epoch").GetInt32() > (int)interrupted!["fromEpoch"]!, handBack.ToString());
        // ... and the next attempt, on another worker, started at the hand-back's epoch.
        await stopWatching.CancelAsync();
        await watching;
        var resumedOn = attemptsSeen.Where(r => (string?)r["worker"] != victim.WorkerId).Select(r => (int)r["fromEpoch"]!).Distinct().ToList();
        Assert.True(resumedOn.SequenceEqual([handBack.GetProperty("Epoch").GetInt32()]),
            $"handed back after epoch {handBack.GetProperty("Epoch").GetInt32()}; the next attempts started at [{string.Join(", ", resumedOn)}]");
        var results = (await cluster.ApiGetAsync($"/api/jobs/{second}/results"))!;
        var trial = results["trials"]!.AsArray().Single(t => (string?)t!["trialId"] == (string?)interrupted["trialId"])!;
        Assert.NotEqual(victim.WorkerId, (string?)trial["worker"]);
        cluster.Log($"phase 2: the worker left in {took.TotalSeconds:F1} s, trial {interrupted["trialId"]} handed back after epoch {handBack.GetProperty("Epoch").GetInt32()} and finished on {trial["worker"]}");

        // --- 3. and 4. one job through a rolling update, then each coordinator killed -------------------------------
        // One job outlasts both (a job per phase trained two tails); its tail is not trained either (below). Its size is
        // fixed: sizing a job by an earlier job's pace misjudged it six-fold (short trials are mostly start-up). On workers
        // limited to a quarter of a core each, the roll and the kills took ≈ 180-330 s here; by their end the job on
        // 40,000-point series had trained 321 of its 357 epochs, too close to its end. Longer series make it last, but
        // also every wait for an interrupted attempt's next epoch (100,000 points: 395 s instead of 250 s; R = 81 on
        // 40,000 points was slower still): 80,000. A slower machine only takes longer; a job that still ends too early
        // fails the checks below rather than passing without a roll or a kill.
        const int length = 80_000, maxEpochs = 27;
        long plannedEpochs = HyperbandSchedule.Create(maxEpochs, 3).TotalEpochs;
        cluster.Log($"phases 3 and 4: a {plannedEpochs}-epoch job on series of {length} points, tuner watch following it");
        var rolledAndKilled = await cluster.SubmitAsync(Job("rehearsal-roll-and-kills", 13, maxEpochs, length));
        await cluster.WaitForJobAsync(rolledAndKilled, job => (int)job["trialsFinished"]! >= 1, TimeSpan.FromSeconds(120), "the job under way");
        using var service = cluster.ApiService();
        using var watch = new TunerProcess("watch", ["watch", rolledAndKilled, "--server", service.Url],
            new Dictionary<string, string> { ["TUNER_API_TOKEN"] = cluster.ApiToken ?? "" }, cluster.Directory);
        // Following: its first progress line is out (a watch whose very first connection fails reports the server
        // unreachable, as it should for a wrong --server).
        await cluster.Until(() => Task.FromResult(watch.Stderr.Contains($"{rolledAndKilled}: ", StringComparison.Ordinal) || watch.HasExited),
            TimeSpan.FromSeconds(60), "tuner watch's first progress line");
        Assert.False(watch.HasExited, watch.ToString());

        // 3. The coordinators rolled as a StatefulSet update rolls them.
        var singletonHost = coordinators[0];
        for (int i = coordinators.Length - 1; i >= 0; i--) // a StatefulSet rolls from the highest ordinal down
        {
            await AssertRunningAsync(cluster, rolledAndKilled, $"coordinator {i} was rolled");
            (exitCode, took) = await cluster.TerminateAsync(coordinators[i]);
            Assert.True(exitCode == 0, $"coordinator {i} exited with {exitCode} after SIGTERM\n{coordinators[i].Process}");
            // In seconds, though tuner watch has a stream open on one of them (an open request held the exit for the
            // whole 30 s shutdown timeout, and the job manager's hand-over with it).
            Assert.True(took < TimeSpan.FromSeconds(15), $"coordinator {i} took {took.TotalSeconds:F1} s to exit after SIGTERM\n{coordinators[i].Process}");
            coordinators[i] = cluster.StartCoordinator(i);
            await cluster.WaitReadyAsync(coordinators[i], TimeSpan.FromSeconds(90));
        }
        // The singleton left its original host once, when that host (rolled last) left: to the oldest coordinator, the
        // one rolled first. The others' rolls left it where it was.
        var newHosts = cluster.Pods.Where(p => p.Role == "coordinator" && p != singletonHost && HostedTheSingleton(p)).Select(p => p.Process.Name).ToList();
        Assert.True(newHosts.SequenceEqual([coordinators[^1].Process.Name]),
            $"the singleton should have moved once, to {coordinators[^1].Process.Name}; it started on {string.Join(", ", newHosts)}\n{cluster.Diagnostics()}");
        AssertNoKubeletRestart(cluster);
        cluster.Log($"phase 3: the coordinators rolled one by one, the singleton moved to {string.Join(", ", newHosts)}");

        // 4. SIGKILL to the coordinators one at a time, the singleton's host first: nodes that die without leaving (a node
        // failure, an OOM kill), with the split-brain resolver's default timing; the StatefulSet restarts each pod with its
        // identity.
        var host = coordinators.Single(HostedTheSingleton);
        foreach (var killed in coordinators.OrderBy(c => c == host ? 0 : 1).ThenBy(c => Array.IndexOf(coordinators, c)).ToList())
        {
            var before = await AssertRunningAsync(cluster, rolledAndKilled, $"{killed.Name} was killed");
            var epochs = (long)before["epochsTrained"]!;
            var attempts = before["running"]!.AsArray().Select(r => (Trial: (string)r!["trialId"]!, Work: (string)r["workId"]!, Round: (int)r["round"]!, Epoch: (int)r["epoch"]!)).ToList();
            await cluster.KillAsync(killed);
            var stopwatch = Stopwatch.StartNew();
            // Epochs beyond the count at the kill, on a survivor's API: the job manager runs (again) and workers train.
            await cluster.WaitForJobAsync(rolledAndKilled, job => JobStatuses.IsFinal((string?)job["status"]) || (long)job["epochsTrained"]! > epochs,
                TimeSpan.FromSeconds(90), $"new progress after {killed.Name} was killed");
            var progressed = stopwatch.Elapsed;
            // None of the work running at the kill is lost: each trains on past the epoch it had reached, or has finished its round.
            await cluster.Until(async () =>
            {
                var running = (await cluster.ApiGetAsync($"/api/jobs/{rolledAndKilled}"))?["running"]?.AsArray();
                var trials = (await cluster.ApiGetAsync($"/api/jobs/{rolledAndKilled}/results"))?["trials"]?.AsArray();
                return running is not null && trials is not null && attempts.All(w =>
                    running.Any(r => (string?)r!["workId"] == w.Work && (int)r["epoch"]! > w.Epoch)
                    || trials.Any(t => (string?)t!["trialId"] == w.Trial && FinishedRound(t, w.Round)));
            }, TimeSpan.FromSeconds(180), $"the work running when {killed.Name} was killed ({string.Join(", ", attempts)}) to go on");
            cluster.Log($"phase 4: {killed.Name}{(killed == host ? " (the singleton's host)" : "")} killed at {epochs} epochs; new epochs after {progressed.TotalSeconds:F1} s, the {attempts.Count} attempts it interrupted went on after {stopwatch.Elapsed.TotalSeconds:F1} s");
            int ordinal = Array.IndexOf(coordinators, killed);
            coordinators[ordinal] = cluster.StartCoordinator(ordinal);
            await cluster.WaitReadyAsync(coordinators[ordinal], TimeSpan.FromSeconds(90));
        }
        // The rest of the plan is not waited for: only the job's tail would train from here (minutes on a slow machine,
        // and more beside other tests), and jobs completing to plan through fail-overs are what CoordinatorFailoverTests
        // and ChaosSoakSmokeTests show. What the kills must not lose, the work they interrupted, went on (above).
        var beforeCancel = await AssertRunningAsync(cluster, rolledAndKilled, "it was cancelled");
        cluster.Log($"phase 4: cancelling the job, {beforeCancel["epochsTrained"]} of its {plannedEpochs} epochs trained");
        await cluster.CancelAsync(rolledAndKilled);
        var final = await cluster.WaitForJobAsync(rolledAndKilled, job => JobStatuses.IsFinal((string?)job["status"]), TimeSpan.FromSeconds(120), "the job to end cancelled");
        Assert.True((string?)final["status"] == "cancelled", $"{final.ToJsonString()}\n{cluster.Diagnostics()}");
        ScheduleAssert.FinishedTrialsMatchPlan((await cluster.ApiGetAsync($"/api/jobs/{rolledAndKilled}/results"))!, maxEpochs, factor: 3);
        Assert.True(await watch.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 1, $"tuner watch did not follow the job to its end\n{watch}");
        Assert.Contains($"job {rolledAndKilled} ended cancelled", watch.Stderr);
        AssertNoKubeletRestart(cluster);
        cluster.Log("phase 4: every coordinator killed in turn, no work lost, tuner watch followed the job to its end");
        output.WriteLine($"rehearsal took {total.Elapsed.TotalSeconds:F0} s");
        // TUNER_REHEARSAL_DUMP=1: every process's log in the test output, for timing a passing run.
        if (System.Environment.GetEnvironmentVariable("TUNER_REHEARSAL_DUMP") == "1") output.WriteLine(string.Join("\n", cluster.Pods.Select(p => $"--- {p.Process.Name}\n{p.Process.Stderr}")));
    }

    /// <summary>The job's status, which must still be running: a job over before a roll or a kill proves nothing.</summary>
    private static async Task<JsonNode> AssertRunningAsync(LoopbackCluster cluster, string jobId, string before)
    {
        var status = await cluster.WaitForJobAsync(jobId, _ => true, TimeSpan.FromSeconds(60), "the job's status");
        Assert.True((string?)status["status"] == "running", $"the job ended before {before}: make it bigger, or the test proves nothing ({status.ToJsonString()})");
        return status;
    }

    /// <summary>Whether a trial of the results has finished round <paramref name="round"/>: it went beyond it, or ended there.</summary>
    private static bool FinishedRound(JsonNode trial, int round) =>
        (int)trial["round"]! > round || ((int)trial["round"]! == round && (string?)trial["status"] is "completed" or "stopped");

    private static bool HostedTheSingleton(LoopbackCluster.Pod pod) =>
        pod.Process.LogEvents().Any(e => e.Message().Contains("Singleton manager started singleton actor", StringComparison.Ordinal));

    private static void AssertNoKubeletRestart(LoopbackCluster cluster)
    {
        var restarted = cluster.Pods.Where(p => p.Prober?.WouldRestart.Count > 0).ToList();
        Assert.True(restarted.Count == 0, "the kubelet would have restarted: " + string.Join("; ", restarted.SelectMany(p => p.Prober!.WouldRestart))
            + "\n" + string.Join("\n", restarted.Select(p => p.Process.ToString())));
    }

    private static async Task FinishesToPlanAsync(LoopbackCluster cluster, string jobId, int maxEpochs, TimeSpan timeout)
    {
        var final = await cluster.WaitForJobAsync(jobId, job => JobStatuses.IsFinal((string?)job["status"]), timeout, $"job {jobId} to finish");
        Assert.True((string?)final["status"] == "completed", $"{final.ToJsonString()}\n{cluster.Diagnostics()}");
        var results = await cluster.ApiGetAsync($"/api/jobs/{jobId}/results") ?? throw new InvalidOperationException("no results");
        ScheduleAssert.MatchesPlan(results, maxEpochs, factor: 3);
    }

    /// <summary>The cluster's ConfigMap and Secret: the ConfigMap from the manifests with the database
    /// Service resolved to the test server and a fresh database; the Secret with the example Secret's keys,
    /// holding a fresh PostgreSQL role (the coordinators connect as it, through PGUSER/PGPASSWORD) and a
    /// token the API then demands.</summary>
    private static (Dictionary<string, Dictionary<string, string>> ConfigMaps, Dictionary<string, Dictionary<string, string>> Secrets) ClusterConfiguration(KubeManifests manifests)
    {
        var configMaps = manifests.OfKind("ConfigMap").ToDictionary(c => (string)c["metadata"]!["name"]!, KubeManifests.Data);
        var config = configMaps["tuner-config"];

        // TUNER_DB names the in-cluster PostgreSQL Service (deploy/k8s/postgres): resolve it to the test server.
        var database = new NpgsqlConnectionStringBuilder(config["TUNER_DB"]);
        var postgresService = KubeManifests.LoadKustomization(Path.Combine(KubeManifests.DeployRoot, "postgres")).Get("Service", database.Host!);
        Assert.Equal(database.Port, KubeManifests.Int(postgresService["spec"]!["ports"]![0]!["port"]));
        Assert.True(database.Username is null && database.Password is null, "credentials belong in the Secret, not in TUNER_DB");

        var admin = new NpgsqlConnectionStringBuilder(TestDatabases.PostgresConnectionString ?? throw new InvalidOperationException("TUNER_TEST_POSTGRES is not set"));
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var role = $"tuner_{suffix}";
        var password = $"pw;'={suffix}"; // characters a connection string could not hold unquoted
        var dbName = $"k8s_{suffix}";
        using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            connection.Open();
            foreach (var sql in new[] { $"CREATE ROLE {role} LOGIN PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'", $"CREATE DATABASE {dbName} OWNER {role}" })
            {
                using var command = new NpgsqlCommand(sql, connection);
                command.ExecuteNonQuery();
            }
        }
        database.Host = admin.Host;
        database.Port = admin.Port;
        database.Database = dbName;
        config["TUNER_DB"] = database.ConnectionString;

        var exampleSecret = KubeManifests.Load(Path.Combine(KubeManifests.DeployRoot, "overlays", "example", "secret.yaml")).Get("Secret", "tuner-secrets");
        var secret = new Dictionary<string, string> { ["db-user"] = role, ["db-password"] = password, ["api-token"] = $"rehearsal-{suffix}" };
        Assert.Equal(KubeManifests.Data(exampleSecret).Keys.Order(), secret.Keys.Order());
        return (configMaps, new() { ["tuner-secrets"] = secret });
    }
}
