using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tuner.Cli.Hosting;
using Tuner.Cli.Hosting.Management;
using Tuner.Coordinator.Api;
using Tuner.Runtime.Configuration;
using Xunit.Abstractions;

namespace Tuner.Cli.Tests.Deploy;

/// <summary>deploy/k8s: validated by deploy/k8s/validate (kustomize build, Kubernetes API schemas, unknown
/// fields, references) and then held to Tuner's own rules on what each kustomization builds: cluster formation
/// by Kubernetes API discovery (no seeds; the RBAC to list pods; a selector that finds the coordinators), grace
/// periods longer than the app's real shutdown timeouts, probes on the app's endpoints on every container,
/// scrape annotations on the management port, one worker slot per CPU.</summary>
public sealed class ManifestTests(ManifestTests.Validation validation, ITestOutputHelper output) : IClassFixture<ManifestTests.Validation>
{
    /// <summary>Runs the validator once (node), keeping what it built for the rules below.</summary>
    public sealed class Validation : IDisposable
    {
        public Validation()
        {
            OutDirectory = Directory.CreateTempSubdirectory("tuner-k8s-built-").FullName;
            (ExitCode, Output) = RunValidator("--out", OutDirectory);
        }

        public string OutDirectory { get; }

        public int ExitCode { get; }

        public string Output { get; }

        public void Dispose()
        {
            try { Directory.Delete(OutDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private static string ValidateDirectory => Path.Combine(KubeManifests.DeployRoot, "validate");

    internal static (int ExitCode, string Output) RunValidator(params string[] args)
    {
        if (!Directory.Exists(Path.Combine(ValidateDirectory, "node_modules")))
            return (-1, "deploy/k8s/validate/node_modules is missing: ./build.sh test installs it (npm ci), or run `npm ci` there");
        var psi = new ProcessStartInfo("node") { WorkingDirectory = ValidateDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("validate.mjs");
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e) { return (-1, $"cannot start node ({e.Message}): install Node.js"); }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(entireProcessTree: true); return (-1, "the validator took over 2 minutes"); }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }

    [Fact]
    public void Every_kustomization_builds_and_passes_schema_and_reference_validation()
    {
        output.WriteLine(validation.Output);
        Assert.True(validation.ExitCode == 0, validation.Output);
        Assert.Contains("overlays/example", validation.Output, StringComparison.Ordinal);
    }

    /// <summary>The validator fails on real mistakes (it would be worthless if it passed everything).</summary>
    [Theory]
    [InlineData("base/coordinator.yaml", "publishNotReadyAddresses: true", "publishNotReadyAddress: true", "publishNotReadyAddress: unknown field")]
    [InlineData("base/coordinator.yaml", "value: $(POD_IP)", "value: $(POD_IPS)", "uses $(POD_IPS), which is not defined above it")]
    [InlineData("base/worker.yaml", "containerPort: 4053", "containerPort: \"4053\"", "containerPort must be integer")]
    [InlineData("base/coordinator.yaml", "key: TUNER_DB", "key: TUNER_DATABASE", "reads key TUNER_DATABASE, which ConfigMap tuner-config lacks")]
    [InlineData("base/coordinator.yaml", "port: http\n            periodSeconds: 5", "port: https\n            periodSeconds: 5", "readinessProbe uses port 'https'")]
    [InlineData("base/worker.yaml", "path: /ready\n              port: management", "path: /ready\n              port: mgmt", "readinessProbe uses port 'mgmt'")]
    [InlineData("base/worker.yaml", "serviceAccountName: tuner", "serviceAccountName: tuner-sa", "serviceAccountName tuner-sa is not a ServiceAccount here")]
    [InlineData("base/rbac.yaml", "  kind: Role\n  name: tuner-pod-reader", "  kind: Role\n  name: tuner-pods", "roleRef Role tuner-pods is not here")]
    [InlineData("overlays/example/kustomization.yaml", "newTag: \"0.1.0\"", "newTag: latest", "is not pinned to a version")]
    [InlineData("overlays/example/worker-hpa.yaml", "name: tuner-worker\n  minReplicas", "name: tuner-workers\n  minReplicas", "target Deployment tuner-workers is not here")]
    public void The_validator_rejects_a_broken_copy(string file, string from, string to, string expected)
    {
        var copy = Directory.CreateTempSubdirectory("tuner-k8s-broken-").FullName;
        try
        {
            foreach (var source in Directory.EnumerateFiles(KubeManifests.DeployRoot, "*.yaml", SearchOption.AllDirectories).Where(f => !f.Contains("node_modules", StringComparison.Ordinal)))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(KubeManifests.DeployRoot, source));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
            var path = Path.Combine(copy, file);
            var text = File.ReadAllText(path);
            Assert.Contains(from, text, StringComparison.Ordinal); // the mutation must apply, or this test tests nothing
            File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));

            var (exitCode, result) = RunValidator("--root", copy);
            output.WriteLine(result);
            Assert.Equal(1, exitCode);
            Assert.Contains(expected, result, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    // --- Tuner's rules, on what each kustomization builds ------------------------------------------

    /// <summary>The built kustomizations that deploy Tuner (base and the overlays; not postgres/ alone).</summary>
    public static TheoryData<string> Installs()
    {
        var data = new TheoryData<string> { "base" };
        foreach (var overlay in Directory.EnumerateDirectories(Path.Combine(KubeManifests.DeployRoot, "overlays")).Order(StringComparer.Ordinal))
            data.Add("overlays/" + Path.GetFileName(overlay));
        return data;
    }

    private KubeManifests Built(string kustomization)
    {
        Assert.True(validation.ExitCode == 0, validation.Output);
        return KubeManifests.Load(Path.Combine(validation.OutDirectory, kustomization.Replace("/", "__", StringComparison.Ordinal) + ".yaml"));
    }

    private static KubeManifests.Pod CoordinatorPod(JsonObject statefulSet, int ordinal) =>
        new($"{(string)statefulSet["metadata"]!["name"]!}-{ordinal}", (string)statefulSet["metadata"]!["namespace"]!, $"10.0.0.{10 + ordinal}");

    // The environment as the kubelet builds it; a Secret created out of band (not in the manifests) is stubbed.
    private static Dictionary<string, string> Environment(KubeManifests manifests, JsonObject workload, KubeManifests.Pod pod)
    {
        var configMaps = manifests.OfKind("ConfigMap").ToDictionary(c => (string)c["metadata"]!["name"]!, KubeManifests.Data);
        var secrets = manifests.OfKind("Secret").ToDictionary(s => (string)s["metadata"]!["name"]!, KubeManifests.Data);
        var container = KubeManifests.Container(workload);
        foreach (var entry in container["env"]!.AsArray())
        {
            if (entry!["valueFrom"]?["secretKeyRef"] is not { } reference) continue;
            var name = (string)reference["name"]!;
            if (!secrets.ContainsKey(name)) secrets[name] = [];
            secrets[name].TryAdd((string)reference["key"]!, "created-out-of-band"); // a present Secret's keys are checked by the validator
        }
        return KubeManifests.ContainerEnvironment(container, pod, configMaps, secrets);
    }

    [Theory]
    [MemberData(nameof(Installs))]
    public void Every_node_forms_the_cluster_by_Kubernetes_API_discovery_of_the_coordinator_pods(string kustomization)
    {
        var manifests = Built(kustomization);
        var coordinators = manifests.Get("StatefulSet", "tuner-coordinator");
        var workers = manifests.Get("Deployment", "tuner-worker");
        // Parallel: bootstrap waits for two coordinators before one forms the cluster; OrderedReady would wait for the
        // first to be Ready (joined) before starting the second.
        Assert.Equal("Parallel", (string?)coordinators["spec"]!["podManagementPolicy"]);
        var coordinatorLabels = (JsonObject)coordinators["spec"]!["template"]!["metadata"]!["labels"]!;
        var workerLabels = (JsonObject)workers["spec"]!["template"]!["metadata"]!["labels"]!;

        var nodes = Enumerable.Range(0, KubeManifests.Int(coordinators["spec"]!["replicas"]))
            .Select(i => (Role: NodeRole.Coordinator, Workload: coordinators, Pod: CoordinatorPod(coordinators, i)))
            .Append((NodeRole.Worker, workers, new KubeManifests.Pod("tuner-worker-abc", "tuner", "10.0.1.7")));
        foreach (var (role, workload, pod) in nodes)
        {
            var env = Environment(manifests, workload, pod);
            Assert.False(env.ContainsKey("TUNER_SEEDS"), $"{pod.Name}: no static seed list in the manifests");
            // The app's own reading of that environment (flags none, as the manifests pass none).
            var settings = NodeSettings.Bind(role, new NodeSettings.Flags(), env);
            var formation = settings.FormationOrSeeds;
            Assert.Equal(ClusterFormation.KubernetesApi, formation.Method);
            Assert.Empty(settings.Seeds);
            // Discovery lists pods by IP; bootstrap recognizes its own contact point only if the node advertises that IP.
            Assert.Equal(pod.Ip, settings.Hostname);
            // The selector finds the coordinators, and only them (a worker must never be taken for a contact point).
            Assert.True(Selects(formation.PodSelector, coordinatorLabels), $"{formation.PodSelector} does not select the coordinator pods");
            Assert.False(Selects(formation.PodSelector, workerLabels), $"{formation.PodSelector} selects the worker pods too");
            // Every node's management endpoint on the port its container names "management".
            var ports = KubeManifests.Container(workload)["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => KubeManifests.Int(p!["containerPort"]));
            Assert.Equal(settings.ManagementPort, ports[ClusterFormation.ManagementPortName]);
        }

        // The pods' ServiceAccount may list pods in their namespace: a RoleBinding to a Role that allows it.
        foreach (var workload in new[] { coordinators, workers })
        {
            var account = (string?)KubeManifests.PodSpec(workload)["serviceAccountName"] ?? "default";
            var binding = manifests.OfKind("RoleBinding").SingleOrDefault(b => b["subjects"]!.AsArray().Any(x => (string?)x!["kind"] == "ServiceAccount" && (string?)x["name"] == account))
                ?? throw new Xunit.Sdk.XunitException($"no RoleBinding for ServiceAccount {account}");
            var role = manifests.Get("Role", (string)binding["roleRef"]!["name"]!);
            Assert.Contains(role["rules"]!.AsArray(), rule =>
                rule!["apiGroups"]!.AsArray().Any(g => (string?)g == "") && rule["resources"]!.AsArray().Any(r => (string?)r == "pods")
                && new[] { "get", "list", "watch" }.All(verb => rule["verbs"]!.AsArray().Any(v => (string?)v == verb)));
        }
    }

    /// <summary>A Kubernetes equality-based label selector (a=b,c=d) against a pod's labels.</summary>
    private static bool Selects(string selector, JsonObject labels) =>
        selector.Split(',').Select(term => term.Split('=', 2)).All(kv => (string?)labels[kv[0].Trim()] == kv[1].Trim());

    [Theory]
    [MemberData(nameof(Installs))]
    public void Every_container_has_startup_liveness_and_readiness_probes_and_workers_probe_their_management_endpoint(string kustomization)
    {
        var manifests = Built(kustomization);
        // Every container of every workload (the example's PostgreSQL too) is probed; Tuner's nodes also have a startup probe.
        foreach (var workload in manifests.Objects.Where(o => (string?)o["kind"] is "StatefulSet" or "Deployment" or "DaemonSet"))
            foreach (var container in KubeManifests.PodSpec(workload)["containers"]!.AsArray())
            {
                bool tuner = (string?)workload["metadata"]!["name"] is "tuner-coordinator" or "tuner-worker";
                foreach (var probe in tuner ? new[] { "startupProbe", "livenessProbe", "readinessProbe" } : ["livenessProbe", "readinessProbe"])
                    Assert.True(container![probe] is not null, $"{workload["metadata"]!["name"]} container {container["name"]} has no {probe}");
            }

        var workers = manifests.Get("Deployment", "tuner-worker");
        var worker = KubeManifests.Container(workers);
        var settings = NodeSettings.Bind(NodeRole.Worker, new NodeSettings.Flags(), Environment(manifests, workers, new("tuner-worker-abc", "tuner", "10.0.1.7")));
        var named = worker["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => KubeManifests.Int(p!["containerPort"]));
        foreach (var (probe, path) in new[] { ("startupProbe", Tuner.Cli.Hosting.Management.ManagementServer.AlivePath), ("livenessProbe", Tuner.Cli.Hosting.Management.ManagementServer.AlivePath),
                     ("readinessProbe", Tuner.Cli.Hosting.Management.ManagementServer.ReadyPath) })
        {
            var get = worker[probe]!["httpGet"]!;
            Assert.Equal(path, (string?)get["path"]);
            Assert.Equal(settings.ManagementPort, named[(string)get["port"]!]);
        }
        // /ready answers within 3 s (its own timeout); the probe must wait for that answer.
        Assert.True(KubeManifests.Int(worker["readinessProbe"]!["timeoutSeconds"]) > 3);
    }

    [Theory]
    [MemberData(nameof(Installs))]
    public void Prometheus_scrapes_every_node_on_its_management_port(string kustomization)
    {
        var manifests = Built(kustomization);
        foreach (var (role, workload) in new[] { (NodeRole.Coordinator, manifests.Get("StatefulSet", "tuner-coordinator")), (NodeRole.Worker, manifests.Get("Deployment", "tuner-worker")) })
        {
            var annotations = workload["spec"]!["template"]!["metadata"]!["annotations"] ?? throw new Xunit.Sdk.XunitException($"{role}: no scrape annotations");
            var pod = role == NodeRole.Coordinator ? CoordinatorPod(workload, 0) : new KubeManifests.Pod("tuner-worker-abc", "tuner", "10.0.1.7");
            var settings = NodeSettings.Bind(role, new NodeSettings.Flags(), Environment(manifests, workload, pod));
            Assert.Equal("true", (string?)annotations["prometheus.io/scrape"]);
            Assert.Equal(Tuner.Cli.Hosting.Management.ManagementServer.MetricsPath, (string?)annotations["prometheus.io/path"]);
            Assert.Equal(settings.ManagementPort.ToString(CultureInfo.InvariantCulture), (string?)annotations["prometheus.io/port"]);
        }
    }

    [Theory]
    [MemberData(nameof(Installs))]
    public void A_coordinator_survives_a_crash_while_another_is_away_for_a_rolling_update(string kustomization)
    {
        // Lease-majority survives any one crash with two coordinators; a disruption budget of one keeps a second
        // coordinator up while a third is drained or rolled.
        int replicas = KubeManifests.Int(Built(kustomization).Get("StatefulSet", "tuner-coordinator")["spec"]!["replicas"]);
        Assert.True(replicas >= 3, $"{replicas} coordinators: a crash during a rolling update would leave none");
        Assert.Equal("1", (string?)Built(kustomization).Get("PodDisruptionBudget", "tuner-coordinator")["spec"]!["maxUnavailable"]);
    }

    [Theory]
    [MemberData(nameof(Installs))]
    public void Readiness_rides_out_a_hand_over_after_a_coordinator_crash(string kustomization)
    {
        // The crash hand-over's worst case with the defaults (docs/deploy.md, "Fail-over") must not empty tuner-api.
        var readiness = KubeManifests.Container(Built(kustomization).Get("StatefulSet", "tuner-coordinator"))["readinessProbe"]!;
        var window = TimeSpan.FromSeconds(KubeManifests.Int(readiness["periodSeconds"]) * KubeManifests.Int(readiness["failureThreshold"]));
        Assert.True(window >= ClusterFailover.JobManagerTarget, $"readiness gives up after {window.TotalSeconds} s; a hand-over may take {ClusterFailover.JobManagerTarget.TotalSeconds} s");
    }

    [Theory]
    [MemberData(nameof(Installs))]
    public void The_startup_probe_outlasts_the_coordinators_wait_for_its_database(string kustomization)
    {
        // A fresh install starts the coordinators beside PostgreSQL: they wait for it (TUNER_DB_WAIT) before the web host
        // answers /healthz, so the kubelet must not kill them for it — that restart loop is what the wait replaces.
        var manifests = Built(kustomization);
        var coordinators = manifests.Get("StatefulSet", "tuner-coordinator");
        var settings = NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(), Environment(manifests, coordinators, CoordinatorPod(coordinators, 0)));
        var startup = KubeManifests.Container(coordinators)["startupProbe"]!;
        var window = TimeSpan.FromSeconds(KubeManifests.Int(startup["periodSeconds"]) * KubeManifests.Int(startup["failureThreshold"]));
        // The last try may take its whole timeout; then the node starts (≈ 5-10 s here) before /healthz answers.
        var needed = settings.WaitForDatabase + DatabaseProbe.AttemptTimeout + TimeSpan.FromSeconds(30);
        Assert.True(settings.WaitForDatabase >= TimeSpan.FromMinutes(2), $"coordinators wait {settings.WaitForDatabase} for PostgreSQL: a fresh install's may take longer");
        Assert.True(window >= needed, $"the startup probe gives up after {window.TotalSeconds} s; a coordinator may wait {settings.WaitForDatabase.TotalSeconds} s for its database, and needs {needed.TotalSeconds} s");
    }

    [Theory]
    [MemberData(nameof(Installs))]
    public async Task Grace_periods_outlast_the_shutdown_timeouts_the_app_really_configures(string kustomization)
    {
        await using var management = ManagementServer.Create(0, "127.0.0.1"); // never started, as the hosts
        var manifests = Built(kustomization);
        var sqlite = Path.Combine(Path.GetTempPath(), $"tuner-manifest-{Guid.NewGuid():N}.db");
        var coordinatorSettings = NodeSettings.Bind(NodeRole.Coordinator, new NodeSettings.Flags(Hostname: "127.0.0.1", Db: sqlite), new Dictionary<string, string>());
        TimeSpan coordinatorTimeout, workerTimeout;
        // Built, never started: the hosts' options are what they would use on SIGTERM.
        using (var app = (IHost)CoordinatorNode.Build(coordinatorSettings, DatabaseTarget.Parse(sqlite), new ApiOptions(), management))
            coordinatorTimeout = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var workerSettings = NodeSettings.Bind(NodeRole.Worker, new NodeSettings.Flags(Hostname: "127.0.0.1", Seeds: "akka.tcp://tuner@127.0.0.1:4053"), new Dictionary<string, string>());
        using (var host = WorkerNode.Build(workerSettings, management))
            workerTimeout = host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        output.WriteLine($"host shutdown timeouts: coordinator {coordinatorTimeout.TotalSeconds} s, worker {workerTimeout.TotalSeconds} s");

        // After the host's timeout the process still terminates the actor system and flushes its logs.
        var margin = TimeSpan.FromSeconds(10);
        var coordinatorGrace = TimeSpan.FromSeconds(KubeManifests.Int(KubeManifests.PodSpec(manifests.Get("StatefulSet", "tuner-coordinator"))["terminationGracePeriodSeconds"]));
        var workerGrace = TimeSpan.FromSeconds(KubeManifests.Int(KubeManifests.PodSpec(manifests.Get("Deployment", "tuner-worker"))["terminationGracePeriodSeconds"]));
        Assert.True(coordinatorGrace >= coordinatorTimeout + margin, $"coordinator terminationGracePeriodSeconds {coordinatorGrace.TotalSeconds} < shutdown timeout {coordinatorTimeout.TotalSeconds} s + {margin.TotalSeconds} s");
        Assert.True(workerGrace >= workerTimeout + margin, $"worker terminationGracePeriodSeconds {workerGrace.TotalSeconds} < shutdown timeout {workerTimeout.TotalSeconds} s + {margin.TotalSeconds} s");
    }

    [Theory]
    [MemberData(nameof(Installs))]
    public void Coordinator_probes_use_the_apps_health_endpoints_on_its_http_port(string kustomization)
    {
        var manifests = Built(kustomization);
        var coordinators = manifests.Get("StatefulSet", "tuner-coordinator");
        var container = KubeManifests.Container(coordinators);
        var env = Environment(manifests, coordinators, CoordinatorPod(coordinators, 0));
        var httpPort = new Uri(env["TUNER_HTTP"]).Port;
        Assert.Equal("0.0.0.0", new Uri(env["TUNER_HTTP"]).Host); // reachable from the kubelet and the Service
        var named = container["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => KubeManifests.Int(p!["containerPort"]));
        foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            var get = container[probe]?["httpGet"] ?? throw new Xunit.Sdk.XunitException($"the coordinator has no {probe}");
            Assert.Equal(path, (string?)get["path"]);
            Assert.Equal(httpPort, named[(string)get["port"]!]);
        }
        // /readyz asks the job manager with a 3 s timeout and answers 503 itself; the probe must wait for that answer.
        Assert.True(KubeManifests.Int(container["readinessProbe"]!["timeoutSeconds"]) > 3);
        var api = manifests.Get("Service", "tuner-api");
        Assert.Equal("http", (string?)api["spec"]!["ports"]![0]!["targetPort"]);
    }

    [Theory]
    [MemberData(nameof(Installs))]
    public void A_worker_trains_one_trial_per_cpu_of_its_limit_with_guaranteed_cpu(string kustomization)
    {
        var manifests = Built(kustomization);
        var workers = manifests.Get("Deployment", "tuner-worker");
        var resources = KubeManifests.Container(workers)["resources"]!;
        var env = Environment(manifests, workers, new("tuner-worker-abc", "tuner", "10.0.1.7"));
        var limit = KubeManifests.Cpu((string)resources["limits"]!["cpu"]!);
        Assert.Equal(((int)Math.Ceiling(limit)).ToString(CultureInfo.InvariantCulture), env["TUNER_SLOTS"]);
        Assert.Equal(NodeSettings.Bind(NodeRole.Worker, new NodeSettings.Flags(), env).Slots, (int)Math.Ceiling(limit));
        Assert.Equal((string?)resources["limits"]!["cpu"], (string?)resources["requests"]!["cpu"]);
        Assert.Equal((string?)resources["limits"]!["memory"], (string?)resources["requests"]!["memory"]);
    }

    [Theory]
    [MemberData(nameof(Installs))]
    public void Tuner_pods_see_only_their_own_settings(string kustomization)
    {
        var manifests = Built(kustomization);
        foreach (var workload in new[] { manifests.Get("StatefulSet", "tuner-coordinator"), manifests.Get("Deployment", "tuner-worker") })
        {
            // Service links would add TUNER_API_PORT, TUNER_COORDINATOR_PORT, ... for the tuner-* Services.
            Assert.Equal("false", (string?)KubeManifests.PodSpec(workload)["enableServiceLinks"]);
            Assert.Equal("true", (string?)KubeManifests.PodSpec(workload)["securityContext"]!["runAsNonRoot"]);
        }
        // Workers never touch the database: no credentials for them.
        var workerEnv = KubeManifests.Container(manifests.Get("Deployment", "tuner-worker"))["env"]!.AsArray();
        Assert.DoesNotContain(workerEnv, e => e!["valueFrom"]?["secretKeyRef"] is not null);
    }
}
