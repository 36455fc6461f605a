using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Tuner.Cli.Hosting;
using Tuner.Cli.Tests.Processes;
using Xunit.Abstractions;

namespace Tuner.Cli.Tests.Deploy;

/// <summary>What Kubernetes would run from deploy/k8s, played on this machine's loopback: each pod is a
/// real <c>tuner</c> process started with the environment the kubelet would give it (from the YAML,
/// <see cref="KubeManifests.ContainerEnvironment"/>) plus the image's ENV, and nothing else.
///
/// Pods share one network here, so addresses are translated the way a pod network would route them:
/// a pod's IP is 127.0.0.x (Linux routes all of 127.0.0.0/8 to loopback), the headless Service's DNS
/// names resolve to those IPs, and each container port gets a free port of its own on the host. The
/// translation applies to TUNER_HOSTNAME/TUNER_PORT, TUNER_MANAGEMENT_PORT, any seed in TUNER_SEEDS, and
/// TUNER_HTTP (bound to the pod's IP instead of 0.0.0.0, whose port all pods would share).
///
/// Cluster formation: the nodes run Akka.Management's Cluster Bootstrap as in Kubernetes — they probe the
/// coordinators' management endpoints and join the cluster those report, or the lowest-addressed
/// coordinator forms it. What cannot run here is the Kubernetes API that lists the pods:
/// TUNER_DISCOVERY=kubernetes-api becomes config discovery (TUNER_CONTACT_POINTS) with what that API
/// would list — the pods the discovery selector selects, at their IPs and their "management" ports — and
/// its default of two contact points.
///
/// A small prober plays the kubelet: startup, liveness and readiness probes with the YAML's paths,
/// ports, periods, timeouts and thresholds, on every pod; the API "Service" sends requests only to Ready
/// coordinators.</summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    // The environment of the base image (mcr.microsoft.com/dotnet/aspnet:10.0) that matters to the
    // app; the Dockerfile's own ENV lines come on top (read from the Dockerfile).
    private static readonly Dictionary<string, string> BaseImageEnvironment = new()
    {
        ["ASPNETCORE_HTTP_PORTS"] = "8080",
        ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
        ["APP_UID"] = "1654",
    };

    private readonly KubeManifests _manifests;
    private readonly Dictionary<string, Dictionary<string, string>> _configMaps;
    private readonly Dictionary<string, Dictionary<string, string>> _secrets;
    private readonly Dictionary<string, string> _imageEnvironment;
    private readonly ITestOutputHelper _output;
    private readonly List<Pod> _pods = [];
    private readonly List<CpuQuota> _quotas = [];
    private readonly Dictionary<string, (string Ip, Dictionary<int, int> Ports)> _network = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _nextWorkerIp = 20;
    private int _apiRoundRobin;

    public LoopbackCluster(KubeManifests manifests, Dictionary<string, Dictionary<string, string>> configMaps,
        Dictionary<string, Dictionary<string, string>> secrets, ITestOutputHelper output)
    {
        _manifests = manifests;
        _configMaps = configMaps;
        _secrets = secrets;
        _output = output;
        _imageEnvironment = new Dictionary<string, string>(BaseImageEnvironment);
        foreach (var (k, v) in DockerfileModel.Load().RuntimeEnvironment) _imageEnvironment[k] = v;
        Directory = System.IO.Directory.CreateTempSubdirectory("tuner-rehearsal-").FullName;
        Coordinators = manifests.Get("StatefulSet", "tuner-coordinator");
        Workers = manifests.Get("Deployment", "tuner-worker");
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        if (secrets.TryGetValue("tuner-secrets", out var s) && s.TryGetValue("api-token", out var token))
        {
            ApiToken = token;
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        // StatefulSet pods have stable identities: give every ordinal its address now. A pod not started
        // yet refuses connections here, where in the cluster its name would not resolve yet; Akka treats
        // both as a seed that does not answer.
        for (int i = 0; i < CoordinatorReplicas; i++) Node(CoordinatorPodName(i), $"127.0.0.{10 + i}", Coordinators);
    }

    public string Directory { get; }

    public JsonObject Coordinators { get; }

    public JsonObject Workers { get; }

    public HttpClient Http { get; }

    /// <summary>The Secret's API token, which clients send (TUNER_API_TOKEN).</summary>
    public string? ApiToken { get; }

    public IReadOnlyList<Pod> Pods => _pods;

    public int CoordinatorReplicas => KubeManifests.Int(Coordinators["spec"]!["replicas"]);

    public string CoordinatorPodName(int ordinal) => $"{(string)Coordinators["metadata"]!["name"]!}-{ordinal}";

    public void Log(string message) => _output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1} s] {message}");

    /// <summary>One running (or stopped) incarnation of a pod.</summary>
    public sealed class Pod(string name, string role, string ip, TunerProcess process, Dictionary<string, string> environment, Prober? prober)
    {
        public string Name { get; } = name;
        public string Role { get; } = role;
        public string Ip { get; } = ip;
        public TunerProcess Process { get; } = process;
        public Dictionary<string, string> Environment { get; } = environment;
        public Prober? Prober { get; } = prober;
        public bool Terminating { get; set; }

        /// <summary>The worker id this pod's worker reports (TUNER_HOSTNAME:TUNER_PORT).</summary>
        public string WorkerId => $"{Environment["TUNER_HOSTNAME"]}:{Environment["TUNER_PORT"]}";

        public string HttpBase => Environment["TUNER_HTTP"];
    }

    // --- pods -------------------------------------------------------------------------------------

    /// <summary>Starts coordinator pod <paramref name="ordinal"/> (again, after a stop: same name, same
    /// address, same ports, as a StatefulSet pod keeps its identity).</summary>
    public Pod StartCoordinator(int ordinal)
    {
        var name = CoordinatorPodName(ordinal);
        var node = Node(name, $"127.0.0.{10 + ordinal}", Coordinators);
        var env = KubeManifests.ContainerEnvironment(KubeManifests.Container(Coordinators), new KubeManifests.Pod(name, "tuner", node.Ip), _configMaps, _secrets);

        // What must hold in the cluster itself, before any translation: the pod advertises the IP discovery lists for it.
        Assert.Equal(node.Ip, env["TUNER_HOSTNAME"]);
        return Start(name, "coordinator", node.Ip, Coordinators, env);
    }

    /// <summary>Starts a new worker pod (a new pod IP, as a Deployment's replacement pod gets).</summary>
    public Pod StartWorker()
    {
        var ip = $"127.0.0.{_nextWorkerIp++}";
        var name = $"{(string)Workers["metadata"]!["name"]!}-{ip.Split('.')[3]}";
        Node(name, ip, Workers);
        var env = KubeManifests.ContainerEnvironment(KubeManifests.Container(Workers), new KubeManifests.Pod(name, "tuner", ip), _configMaps, _secrets);
        return Start(name, "worker", ip, Workers, env);
    }

    private (string Ip, Dictionary<int, int> Ports) Node(string podName, string ip, JsonObject workload)
    {
        if (!_network.TryGetValue(podName, out var node))
        {
            var ports = KubeManifests.Container(workload)["ports"]!.AsArray()
                .ToDictionary(p => KubeManifests.Int(p!["containerPort"]), _ => TunerProcess.FreePort());
            node = (ip, ports);
            _network[podName] = node;
            var serviceName = (string?)workload["spec"]!["serviceName"];
            if (serviceName is not null) _network[$"{podName}.{serviceName}"] = node; // the headless Service's DNS name
        }
        return node;
    }

    private Pod Start(string name, string role, string ip, JsonObject workload, Dictionary<string, string> podEnvironment)
    {
        var node = _network[name];
        var env = new Dictionary<string, string>(_imageEnvironment);
        foreach (var (k, v) in podEnvironment) env[k] = v; // the container's env overrides the image's
        Translate(env, node.Ports);
        var args = KubeManifests.Container(workload)["args"]!.AsArray().Select(a => (string)a!).ToList();
        var process = new TunerProcess($"{name}#{_pods.Count(p => p.Name == name) + 1}", args, env, Directory, cleanEnvironment: true);
        var prober = new Prober(this, name, KubeManifests.Container(workload), ip, node.Ports);
        var pod = new Pod(name, role, ip, process, env, prober);
        _pods.Add(pod);
        prober?.Start();
        Log($"started {process.Name} (pid {process.Pid}) as {env["TUNER_HOSTNAME"]}:{env["TUNER_PORT"]}");
        return pod;
    }

    // The pod network on one loopback: DNS names to pod IPs, container ports to host ports.
    private void Translate(Dictionary<string, string> env, Dictionary<int, int> ownPorts)
    {
        int containerPort = int.Parse(env["TUNER_PORT"], CultureInfo.InvariantCulture);
        env["TUNER_HOSTNAME"] = Resolve(env["TUNER_HOSTNAME"]).Ip;
        env["TUNER_PORT"] = ownPorts[containerPort].ToString(CultureInfo.InvariantCulture);
        int managementPort = int.Parse(env["TUNER_MANAGEMENT_PORT"], CultureInfo.InvariantCulture);
        env["TUNER_MANAGEMENT_PORT"] = ownPorts[managementPort].ToString(CultureInfo.InvariantCulture);
        if (env.TryGetValue("TUNER_SEEDS", out var seeds))
            env["TUNER_SEEDS"] = string.Join(",", seeds.Split(',').Select(seed =>
            {
                var uri = new Uri(seed);
                var target = Resolve(uri.Host);
                return $"akka.tcp://{uri.UserInfo}@{target.Ip}:{target.Ports[uri.Port]}";
            }));
        if (env.TryGetValue("TUNER_DISCOVERY", out var discovery) && discovery == ClusterFormation.KubernetesApi)
        {
            // What the Kubernetes API would list: the pods the selector selects, each at its IP and its "management" port.
            var selector = env.GetValueOrDefault("TUNER_DISCOVERY_POD_SELECTOR", ClusterFormation.DefaultPodSelector);
            var selected = new[] { Coordinators, Workers }.Where(w => Selects(selector, (JsonObject)w["spec"]!["template"]!["metadata"]!["labels"]!)).ToList();
            Assert.Equal([Coordinators], selected); // only coordinators are contact points
            int named = KubeManifests.Int(KubeManifests.Container(Coordinators)["ports"]!.AsArray().Single(p => (string?)p!["name"] == ClusterFormation.ManagementPortName)!["containerPort"]);
            env["TUNER_DISCOVERY"] = ClusterFormation.Config;
            env["TUNER_CONTACT_POINTS"] = string.Join(",", Enumerable.Range(0, CoordinatorReplicas).Select(i => _network[CoordinatorPodName(i)])
                .Select(pod => $"{pod.Ip}:{pod.Ports[named]}"));
            env.TryAdd("TUNER_DISCOVERY_MIN_CONTACTS", ClusterFormation.DefaultRequiredContactPoints.ToString(CultureInfo.InvariantCulture));
        }
        // Only coordinators serve HTTP (a worker gets the image's TUNER_HTTP too, and ignores it).
        if (env.TryGetValue("TUNER_HTTP", out var http) && new Uri(http) is var uri && ownPorts.TryGetValue(uri.Port, out var httpPort))
        {
            Assert.Equal("0.0.0.0", uri.Host); // the manifest binds all interfaces, as a pod must
            env["TUNER_HTTP"] = $"{uri.Scheme}://{env["TUNER_HOSTNAME"]}:{httpPort}";
        }
    }

    private static bool Selects(string selector, JsonObject labels) =>
        selector.Split(',').Select(term => term.Split('=', 2)).All(kv => (string?)labels[kv[0].Trim()] == kv[1].Trim());

    private (string Ip, Dictionary<int, int> Ports) Resolve(string host)
    {
        if (_network.TryGetValue(host, out var node)) return node;
        var byIp = _network.Values.FirstOrDefault(n => n.Ip == host);
        return byIp.Ip is not null ? byIp : throw new InvalidOperationException($"'{host}' resolves to no pod (the seeds must name the headless Service's pods)");
    }

    /// <summary>SIGTERM, as the kubelet sends on pod deletion; the pod leaves the Service at once. Returns
    /// the exit code and how long it took, failing if it outlived terminationGracePeriodSeconds (the
    /// kubelet would have sent SIGKILL).</summary>
    public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(Pod pod)
    {
        var grace = TimeSpan.FromSeconds(KubeManifests.Int(KubeManifests.PodSpec(pod.Role == "coordinator" ? Coordinators : Workers)["terminationGracePeriodSeconds"]));
        pod.Terminating = true;
        pod.Prober?.Stop();
        var watch = Stopwatch.StartNew();
        pod.Process.Terminate();
        int exitCode;
        try { exitCode = await pod.Process.WaitForExitAsync(grace); }
        catch (OperationCanceledException) { throw new TimeoutException($"{pod.Process.Name} outlived its {grace.TotalSeconds} s grace period: the kubelet would SIGKILL it\n{pod.Process}"); }
        Log($"{pod.Process.Name} exited with {exitCode} {watch.Elapsed.TotalSeconds:F1} s after SIGTERM");
        return (exitCode, watch.Elapsed);
    }

    /// <summary>SIGKILL, as a node that dies or an OOM kill ends a pod: no leave, no hand-over. The pod leaves the
    /// Service once its process is gone (its endpoints would go with the node's lease here in seconds).</summary>
    public async Task KillAsync(Pod pod)
    {
        pod.Terminating = true;
        pod.Prober?.Stop();
        pod.Process.Kill();
        await pod.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Log($"{pod.Process.Name} killed (SIGKILL)");
    }

    /// <summary>The tuner-api Service's address, for a client process outside the pods.</summary>
    public ServiceProxy ApiService() => new(() => Endpoints().Select(p => new Uri(p.HttpBase)).ToList());

    public async Task WaitReadyAsync(Pod pod, TimeSpan timeout)
    {
        await Until(() => Task.FromResult(pod.Prober!.Ready), timeout, $"{pod.Process.Name} Ready");
        Log($"{pod.Process.Name} Ready");
    }

    // --- the tuner-api Service --------------------------------------------------------------------

    private IReadOnlyList<Pod> Endpoints() => _pods.Where(p => p.Role == "coordinator" && p.Prober is { Ready: true } && !p.Terminating && !p.Process.HasExited).ToList();

    /// <summary>GET through the Service (a Ready coordinator, round robin), or null on any failure.</summary>
    public async Task<JsonNode?> ApiGetAsync(string path)
    {
        var endpoints = Endpoints();
        if (endpoints.Count == 0) return null;
        var pod = endpoints[_apiRoundRobin++ % endpoints.Count];
        return await Polling.TryGetAsync(Http, pod.HttpBase + path);
    }

    public Task<string> SubmitAsync(string spec)
    {
        var pod = Endpoints().FirstOrDefault() ?? throw new InvalidOperationException("no Ready coordinator behind tuner-api");
        return Polling.SubmitAsync(Http, pod.HttpBase, spec);
    }

    /// <summary>POST /api/jobs/{id}/cancel through the Service.</summary>
    public async Task CancelAsync(string jobId)
    {
        var pod = Endpoints().FirstOrDefault() ?? throw new InvalidOperationException("no Ready coordinator behind tuner-api");
        using var response = await Http.PostAsync($"{pod.HttpBase}/api/jobs/{jobId}/cancel", content: null);
        Assert.True(response.IsSuccessStatusCode, $"cancel: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public Task<JsonNode> WaitForJobAsync(string jobId, Func<JsonNode, bool> condition, TimeSpan timeout, string what) =>
        Polling.WaitForJobAsync(() => ApiGetAsync($"/api/jobs/{jobId}"), condition, timeout, what, Diagnostics);

    public Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what) => Polling.Until(condition, timeout, () => what, Diagnostics);

    public string Diagnostics() => string.Join("\n", _pods.Select(p => p.Process.ToString()));

    /// <summary>Limits a running pod to <paramref name="cpus"/> cores (CFS quota, <see cref="CpuQuota"/>), far below its
    /// manifest's limit: here five pods share the machine's cores with the tests running beside them, and a worker that
    /// trains only to keep a job busy would otherwise take all it can. Without a cgroup controller to write, it says so
    /// and the pod runs unlimited.</summary>
    public void LimitCpu(Pod pod, double cpus)
    {
        var quota = CpuQuota.TryApply(pod.Process.Pid, cpus, out var unavailable);
        if (quota is null) Log($"{pod.Process.Name}: no CPU limit ({unavailable})");
        else
        {
            _quotas.Add(quota);
            Log($"{pod.Process.Name} limited to {cpus} CPU");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pod in _pods) pod.Prober?.Stop();
        foreach (var pod in _pods) pod.Process.Dispose();
        foreach (var quota in _quotas) quota.Dispose();
        Http.Dispose();
        await Task.Yield();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>The kubelet's probes of one pod incarnation, with the manifest's settings: the startup probe
    /// first, then liveness and readiness, each on the port its <c>httpGet</c> names (at the pod's IP). Records
    /// what the kubelet would have done: <see cref="Ready"/>, and any restart a failing startup or liveness
    /// probe would have caused.</summary>
    public sealed class Prober(LoopbackCluster cluster, string podName, JsonObject container, string ip, Dictionary<int, int> ports)
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly HttpClient _http = new();
        private Task? _loop;

        public bool Ready { get; private set; }

        /// <summary>Restarts the kubelet would have made, with why (empty when none).</summary>
        public List<string> WouldRestart { get; } = [];

        public void Start() => _loop = Task.Run(RunAsync);

        public void Stop()
        {
            _stop.Cancel();
            try { _loop?.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
            Ready = false;
        }

        private sealed record Settings(string Url, TimeSpan Period, TimeSpan Timeout, int FailureThreshold, TimeSpan InitialDelay);

        private Settings Read(string probe)
        {
            var p = container[probe] ?? throw new InvalidOperationException($"{podName} has no {probe}");
            var http = p["httpGet"]!;
            var portName = (string)http["port"]!;
            var containerPort = container["ports"]!.AsArray().Single(x => (string?)x!["name"] == portName)!;
            int Get(string key, int fallback) => p[key] is { } v ? KubeManifests.Int(v) : fallback; // Kubernetes' defaults
            return new Settings($"http://{ip}:{ports[KubeManifests.Int(containerPort["containerPort"])]}{(string)http["path"]!}", TimeSpan.FromSeconds(Get("periodSeconds", 10)), TimeSpan.FromSeconds(Get("timeoutSeconds", 1)),
                Get("failureThreshold", 3), TimeSpan.FromSeconds(Get("initialDelaySeconds", 0)));
        }

        private async Task<bool> Probe(Settings s)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(s.Timeout);
                using var response = await _http.GetAsync(s.Url, timeout.Token);
                return (int)response.StatusCode is >= 200 and < 400; // the kubelet's success range
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return false;
            }
        }

        private async Task RunAsync()
        {
            var startup = Read("startupProbe");
            var liveness = Read("livenessProbe");
            var readiness = Read("readinessProbe");
            try
            {
                await Task.Delay(startup.InitialDelay, _stop.Token);
                for (int failures = 0; !await Probe(startup);)
                {
                    if (++failures >= startup.FailureThreshold)
                    {
                        WouldRestart.Add($"{podName}: startup probe {startup.Url} failed {failures} times");
                        return;
                    }
                    await Task.Delay(startup.Period, _stop.Token);
                }
                var live = Loop(liveness, ok => { }, failures =>
                {
                    if (failures != liveness.FailureThreshold) return;
                    WouldRestart.Add($"{podName}: liveness probe {liveness.Url} failed {failures} times in a row");
                    cluster.Log($"{podName}: liveness probe failed {failures} times in a row: the kubelet would restart it");
                });
                var ready = Loop(readiness, ok => { if (ok) Ready = true; }, failures =>
                {
                    if (failures >= readiness.FailureThreshold && Ready)
                    {
                        Ready = false;
                        cluster.Log($"{podName}: not Ready ({readiness.Url} failed {failures} times in a row)");
                    }
                });
                await Task.WhenAll(live, ready);
            }
            catch (OperationCanceledException) { }
        }

        private async Task Loop(Settings s, Action<bool> onResult, Action<int> onFailures)
        {
            await Task.Delay(s.InitialDelay, _stop.Token);
            int failures = 0;
            while (!_stop.IsCancellationRequested)
            {
                bool ok = await Probe(s);
                if (_stop.IsCancellationRequested) return;
                failures = ok ? 0 : failures + 1;
                onResult(ok);
                if (!ok) onFailures(failures);
                await Task.Delay(s.Period, _stop.Token);
            }
        }
    }
}
