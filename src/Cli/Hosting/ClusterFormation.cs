using System.Globalization;

namespace Tuner.Cli.Hosting;

/// <summary>How a node finds its cluster. <see cref="Seeds"/>: the seed addresses of <c>TUNER_SEEDS</c> (a coordinator
/// without seeds seeds itself). Otherwise Akka.Management's Cluster Bootstrap (TUNER_DISCOVERY): the node discovers the
/// coordinators' management endpoints, probes them, and joins the cluster they report, or — a coordinator, once
/// <paramref name="RequiredContactPoints"/> have been found and none has a cluster — the lowest-addressed one forms it.</summary>
/// <param name="Method"><see cref="KubernetesApi"/> (pods listed by the Kubernetes API) or <see cref="Config"/> (a fixed
/// list, <paramref name="ContactPoints"/>: the loopback rehearsal, or hosts without Kubernetes).</param>
/// <param name="PodSelector">The label selector of the coordinator pods (kubernetes-api).</param>
public sealed record ClusterFormation(string Method, IReadOnlyList<string> ContactPoints, string PodSelector, int RequiredContactPoints)
{
    public const string SeedsMethod = "seeds";
    public const string KubernetesApi = "kubernetes-api";
    public const string Config = "config";

    /// <summary>The coordinators' pods in deploy/k8s.</summary>
    public const string DefaultPodSelector = "app.kubernetes.io/name=tuner,app.kubernetes.io/component=coordinator";

    /// <summary>Akka's default: two coordinators found before a new cluster forms.</summary>
    public const int DefaultRequiredContactPoints = 2;

    /// <summary>The name of the coordinators' container port that serves Akka.Management (the pods' discovery reads it).</summary>
    public const string ManagementPortName = "management";

    public static readonly ClusterFormation Seeds = new(SeedsMethod, [], "", 0);

    public bool UsesBootstrap => Method != SeedsMethod;

    /// <summary>TUNER_DISCOVERY and its companions, or null when it is not set; problems name the variable.</summary>
    internal static ClusterFormation? Bind(Func<string, string?> env, List<string> problems)
    {
        if (env("TUNER_DISCOVERY") is not { } method) return null;
        if (method is not (KubernetesApi or Config))
        {
            problems.Add($"TUNER_DISCOVERY: '{method}' is not a discovery method; use {KubernetesApi} (Kubernetes) or {Config} (with TUNER_CONTACT_POINTS), or leave it out and give TUNER_SEEDS");
            return null;
        }
        var points = (env("TUNER_CONTACT_POINTS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (method == Config && points.Length == 0)
            problems.Add("TUNER_CONTACT_POINTS: TUNER_DISCOVERY=config needs the coordinators' management endpoints, e.g. 10.0.0.5:8558,10.0.0.6:8558");
        foreach (var point in points)
        {
            var colon = point.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(point[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535
                || Uri.CheckHostName(point[..colon]) == UriHostNameType.Unknown)
                problems.Add($"TUNER_CONTACT_POINTS: '{point}' is not HOST:PORT, e.g. 10.0.0.5:8558");
        }
        int required = method == Config ? Math.Max(1, points.Length) : DefaultRequiredContactPoints;
        if (env("TUNER_DISCOVERY_MIN_CONTACTS") is { } text)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1) required = n;
            else problems.Add($"TUNER_DISCOVERY_MIN_CONTACTS: must be a whole number from 1 (got '{text}'): how many coordinators must be found before a new cluster forms");
        }
        return new ClusterFormation(method, points, env("TUNER_DISCOVERY_POD_SELECTOR") ?? DefaultPodSelector, required);
    }
}
