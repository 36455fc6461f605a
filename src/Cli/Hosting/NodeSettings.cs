using System.Collections;
using System.Globalization;
using Tuner.Contracts;

using Tuner.Cli.Commands;

namespace Tuner.Cli.Hosting;

/// <summary>Everything a cluster node is configured with, in one place: each value comes from its
/// command-line flag, else its <c>TUNER_*</c> environment variable (PRODUCT.md §5 — what
/// deploy/k8s sets), else the default. Bad values are input errors naming the flag and variable.</summary>
/// <param name="Hostname">The address the node advertises (it binds all interfaces).</param>
/// <param name="Seeds">Full seed addresses, <c>akka.tcp://tuner@HOST:PORT</c>, the same list on every node.</param>
/// <param name="Http">The coordinator's HTTP listen URL.</param>
/// <param name="Db">SQLite file path or PostgreSQL connection string (coordinator).</param>
/// <param name="Slots">Trials a worker trains at once.</param>
/// <param name="ApiToken">When set, /api requests need <c>Authorization: Bearer &lt;token&gt;</c>.</param>
/// <param name="MaxBodyBytes">The API's request body limit (TUNER_MAX_BODY_BYTES; default 64 MiB).</param>
/// <param name="MaxDatasetBytes">The largest dataset <c>PUT /api/datasets</c> takes (TUNER_MAX_DATASET_BYTES; default 4 GiB).</param>
/// <param name="ManagementPort">Akka.Management's HTTP port: Cluster Bootstrap, probes, metrics (TUNER_MANAGEMENT_PORT;
/// default 8558; 0 = any free port, for several nodes on one machine).</param>
/// <param name="Formation">How the node finds the cluster: its seeds, or Cluster Bootstrap.</param>
/// <param name="DatasetCacheBytes">What a worker's prepared datasets may take in memory (TUNER_DATASET_CACHE_MB; default 512 MiB).</param>
/// <param name="DbWait">How long a coordinator waits at start for a PostgreSQL that cannot be reached yet (--db-wait /
/// TUNER_DB_WAIT; default 60 s; 0 = not at all).</param>
public sealed record NodeSettings(
    string Hostname,
    int Port,
    IReadOnlyList<string> Seeds,
    string Http,
    string Db,
    int Slots,
    string? ApiToken,
    long MaxBodyBytes = Tuner.Coordinator.Api.ApiOptions.DefaultMaxBodyBytes,
    long MaxDatasetBytes = Tuner.Coordinator.Api.ApiOptions.DefaultMaxDatasetBytes,
    int ManagementPort = NodeSettings.DefaultManagementPort,
    ClusterFormation? Formation = null,
    long DatasetCacheBytes = Tuner.Worker.DatasetCache.DefaultBudgetBytes,
    TimeSpan? DbWait = null)
{
    /// <summary>A minute: a PostgreSQL starting beside the coordinator (a fresh install, a reboot) is usually up well
    /// within it, and a database that is really gone is reported while someone is still looking.</summary>
    public static readonly TimeSpan DefaultDbWait = TimeSpan.FromMinutes(1);

    /// <summary>The longest <c>--db-wait</c> accepted: a day.</summary>
    public static readonly TimeSpan MaxDbWait = TimeSpan.FromDays(1);

    public const string DbWaitSetting = "--db-wait / TUNER_DB_WAIT";

    /// <summary><see cref="DbWait"/>, or its default.</summary>
    public TimeSpan WaitForDatabase => DbWait ?? DefaultDbWait;

    /// <summary>The largest dataset cache accepted, in MiB: 1 TiB.</summary>
    public const long MaxDatasetCacheMb = 1L << 20;

    public const string SystemName = "tuner";
    public const int DefaultCoordinatorPort = 4053;

    /// <summary>The most trial slots one worker runs.</summary>
    public const int MaxSlots = 256;
    public const int DefaultManagementPort = 8558;
    public const string DefaultHttp = "http://127.0.0.1:8080";
    public const string DefaultDb = "./tuner.db";

    /// <summary>The largest body limit accepted: 1 GiB (a job's CSV travels in one request, held in memory).</summary>
    public const long MaxBodyLimit = 1L << 30;

    /// <summary>This node's own address as a seed entry.</summary>
    public string SelfAddress => $"akka.tcp://{SystemName}@{Hostname}:{Port}";

    /// <summary>This node's address as logs name it before it is bound: with <c>--port 0</c> the port is not known yet
    /// (the node logs its bound address once it is up).</summary>
    public string StartingAddress => Port == 0 ? $"akka.tcp://{SystemName}@{Hostname} (port chosen at start)" : SelfAddress;

    /// <summary>The HTTP listen URL as logs name it before it is bound: with port 0 the port is not known yet (the
    /// coordinator logs "HTTP API listening on" with it once it listens).</summary>
    public string StartingHttp => Uri.TryCreate(Http, UriKind.Absolute, out var uri) && uri.Port == 0 ? $"{uri.Scheme}://{uri.Host} (port chosen at start)" : Http;

    /// <summary>Values given on the command line (null = not given).</summary>
    public sealed record Flags(string? Hostname = null, int? Port = null, string? Seeds = null, string? Http = null, string? Db = null, int? Slots = null, int? ManagementPort = null, string? DbWait = null);

    /// <summary>Seeds when given (or none, for a coordinator that seeds itself), else what <see cref="Formation"/> says.</summary>
    public ClusterFormation FormationOrSeeds => Formation ?? ClusterFormation.Seeds;

    /// <summary>How this node joins, for its start-up log line.</summary>
    public string JoinsBy => Formation is { } f ? $"Cluster Bootstrap by {f.Method} discovery"
        : Seeds.Count > 0 ? "seeds " + string.Join(",", Seeds) : "seeds (itself)";

    /// <summary>Binds flags over environment over defaults; <paramref name="role"/> picks defaults and required values.</summary>
    public static NodeSettings Bind(NodeRole role, Flags flags, IDictionary? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        string? Env(string name) => environment[name] is string s && s.Length > 0 ? s : null;
        // A variable of one role only is not read by the other (nor refused there: a ConfigMap shared by both sets it).
        string? EnvOf(NodeRole reader, string name) => role == reader ? Env(name) : null;
        var problems = new List<string>();

        var hostname = flags.Hostname ?? Env("TUNER_HOSTNAME") ?? DefaultHostname();
        if (Uri.CheckHostName(hostname) == UriHostNameType.Unknown)
            problems.Add($"--hostname / TUNER_HOSTNAME: '{hostname}' is not a host name or IP address");

        int port = Bounded(flags.Port, Env("TUNER_PORT"), "--port / TUNER_PORT", 0, 65535, problems)
            ?? (role == NodeRole.Coordinator ? DefaultCoordinatorPort : 0);

        var seedText = flags.Seeds ?? Env("TUNER_SEEDS");
        var seeds = (seedText ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var seed in seeds)
            if (SeedProblem(seed) is { } problem) problems.Add($"--seeds / TUNER_SEEDS: {problem}");
        var formation = ClusterFormation.Bind(Env, problems);
        if (formation is not null && seeds.Length > 0)
            problems.Add($"--seeds / TUNER_SEEDS and TUNER_DISCOVERY: give one of them (TUNER_DISCOVERY={formation.Method} finds the cluster by itself)");
        if (role == NodeRole.Worker && seeds.Length == 0 && formation is null)
            problems.Add("--seeds / TUNER_SEEDS: a worker needs the coordinators' addresses, e.g. --seeds akka.tcp://tuner@10.0.0.5:4053 (or TUNER_DISCOVERY, docs/deploy.md)");

        int management = Bounded(flags.ManagementPort, Env("TUNER_MANAGEMENT_PORT"), "--management-port / TUNER_MANAGEMENT_PORT", 0, 65535, problems)
            ?? DefaultManagementPort;
        if (management == 0 && formation is not null)
            problems.Add("--management-port / TUNER_MANAGEMENT_PORT: Cluster Bootstrap (TUNER_DISCOVERY) needs a fixed port: the other nodes probe it");

        var http = flags.Http ?? EnvOf(NodeRole.Coordinator, "TUNER_HTTP") ?? DefaultHttp;
        if (!Uri.TryCreate(http, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            problems.Add($"--http / TUNER_HTTP: '{http}' is not an http(s) URL, e.g. http://0.0.0.0:8080");
        // Kestrel would refuse both at start in its own words (UseKestrelHttpsConfiguration, UsePathBase).
        else if (uri.Scheme == "https")
            problems.Add($"--http / TUNER_HTTP: '{http}': the coordinator serves plain HTTP; give http://HOST:PORT and terminate TLS in front of it (an ingress or a proxy)");
        else if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
            problems.Add($"--http / TUNER_HTTP: '{http}' has a path; give only http://HOST:PORT (to serve under a path, put a proxy in front)");

        var db = flags.Db ?? EnvOf(NodeRole.Coordinator, "TUNER_DB") ?? DefaultDb;
        var dbWaitText = flags.DbWait ?? EnvOf(NodeRole.Coordinator, "TUNER_DB_WAIT");
        var dbWait = dbWaitText is null ? DefaultDbWait : DurationSetting.Parse(dbWaitText) ?? TimeSpan.MinValue;
        // Below the first pause (1 s) a wait would be one try, said as "0 s".
        if (dbWait < TimeSpan.Zero || dbWait > MaxDbWait || dbWait > TimeSpan.Zero && dbWait < Tuner.Runtime.Configuration.DatabaseWait.FirstPause)
            problems.Add($"{DbWaitSetting}: '{dbWaitText}' is not 0 or a duration from 1s to 24h; give e.g. 60s, 5m, or 0 to fail at once when the database cannot be reached");
        int slots = Bounded(flags.Slots, EnvOf(NodeRole.Worker, "TUNER_SLOTS"), "--slots / TUNER_SLOTS", 1, MaxSlots, problems) ?? 1;

        long maxBody = Tuner.Coordinator.Api.ApiOptions.DefaultMaxBodyBytes;
        if (EnvOf(NodeRole.Coordinator, "TUNER_MAX_BODY_BYTES") is { } maxBodyText
            && (!long.TryParse(maxBodyText, NumberStyles.None, CultureInfo.InvariantCulture, out maxBody) || maxBody is < 1024 or > MaxBodyLimit))
            problems.Add($"TUNER_MAX_BODY_BYTES: must be a whole number of bytes from 1024 to {MaxBodyLimit} (got '{maxBodyText}'), e.g. 67108864 for 64 MiB");

        long maxDataset = Tuner.Coordinator.Api.ApiOptions.DefaultMaxDatasetBytes;
        if (EnvOf(NodeRole.Coordinator, "TUNER_MAX_DATASET_BYTES") is { } maxDatasetText
            && (!long.TryParse(maxDatasetText, NumberStyles.None, CultureInfo.InvariantCulture, out maxDataset) || maxDataset < 1024))
            problems.Add($"TUNER_MAX_DATASET_BYTES: must be a whole number of bytes, at least 1024 (got '{maxDatasetText}'), e.g. 4294967296 for 4 GiB");

        long cacheMb = Tuner.Worker.DatasetCache.DefaultBudgetBytes >> 20;
        if (EnvOf(NodeRole.Worker, "TUNER_DATASET_CACHE_MB") is { } cacheText
            && (!long.TryParse(cacheText, NumberStyles.None, CultureInfo.InvariantCulture, out cacheMb) || cacheMb is < 1 or > MaxDatasetCacheMb))
            problems.Add($"TUNER_DATASET_CACHE_MB: must be a whole number of MiB from 1 to {MaxDatasetCacheMb} (got '{cacheText}'), e.g. 2048 for 2 GiB");

        var token = ApiTokenVariable.Parse(EnvOf(NodeRole.Coordinator, ApiTokenVariable.Name), problems);

        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new NodeSettings(hostname, port, seeds, http, db, slots, token, maxBody, maxDataset, management, formation, cacheMb << 20, dbWait);
    }

    private static string DefaultHostname()
    {
        try { return System.Net.Dns.GetHostName(); }
        catch (System.Net.Sockets.SocketException) { return "127.0.0.1"; }
    }

    /// <summary>The flag's value, else the variable's, when given and from <paramref name="min"/> to <paramref name="max"/>;
    /// otherwise null, with a problem in the wording integer options use.</summary>
    private static int? Bounded(int? flag, string? variable, string name, int min, int max, List<string> problems)
    {
        var text = flag?.ToString(CultureInfo.InvariantCulture) ?? variable;
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        problems.Add(BoundedIntegerOption.Problem(name, min, max, text));
        return null;
    }

    /// <summary>Why <paramref name="seed"/> is not a seed address, or null when it is one.</summary>
    internal static string? SeedProblem(string seed)
    {
        const string example = "e.g. akka.tcp://tuner@10.0.0.5:4053";
        if (!Uri.TryCreate(seed, UriKind.Absolute, out var uri) || uri.Scheme != "akka.tcp")
        {
            // .NET refuses a port past 65535 as a malformed address: that is what to say.
            var port = seed.StartsWith("akka.tcp://", StringComparison.Ordinal) && seed.LastIndexOf(':') is var colon and > 10
                && long.TryParse(seed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : (long?)null;
            return port is > 65535 or 0
                ? $"'{seed}' has port {port}; a port is 1 to 65535, {example}"
                : $"'{seed}' is not an akka.tcp:// address, {example}";
        }
        if (uri.UserInfo != SystemName) return $"'{seed}' names actor system '{uri.UserInfo}'; Tuner's is '{SystemName}', {example}";
        if (uri.Port <= 0) return $"'{seed}' has no port, {example}";
        return null;
    }
}

/// <summary>What a node does in the cluster (its Akka.Cluster role).</summary>
public enum NodeRole
{
    Coordinator,
    Worker,
}
