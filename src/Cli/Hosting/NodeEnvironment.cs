using Tuner.Contracts;

namespace Tuner.Cli.Hosting;

/// <summary>The environment variables a node reads that no option stands for (each option's description names its own
/// variable: <c>--http</c>, TUNER_HTTP), listed under "Environment variables:" in <c>tuner coordinator --help</c> and
/// <c>tuner worker --help</c>. The tests compare this table with the variables the nodes' code reads.</summary>
internal static class NodeEnvironment
{
    /// <summary>A variable, what it sets, and the nodes that read it.</summary>
    public sealed record Variable(string Name, string Meaning, params NodeRole[] ReadBy);

    public static readonly IReadOnlyList<Variable> All =
    [
        new(ApiTokenVariable.Name, "When set, every /api request needs Authorization: Bearer <token> (tuner's client commands send it).", NodeRole.Coordinator),
        new("TUNER_MAX_BODY_BYTES", $"The API's largest request body, in bytes (default {ByteSize.Of(Tuner.Coordinator.Api.ApiOptions.DefaultMaxBodyBytes)}; " +
            $"up to {ByteSize.Of(NodeSettings.MaxBodyLimit)}); a classify or generate job's file travels inside its submission.", NodeRole.Coordinator),
        new("TUNER_MAX_DATASET_BYTES", $"The largest dataset PUT /api/datasets takes, in bytes (default {ByteSize.Of(Tuner.Coordinator.Api.ApiOptions.DefaultMaxDatasetBytes)}).", NodeRole.Coordinator),
        new("TUNER_DATASET_CACHE_MB", $"Memory for the worker's prepared datasets, in MiB (default {Tuner.Worker.DatasetCache.DefaultBudgetBytes >> 20}).", NodeRole.Worker),
        new("TUNER_DISCOVERY", $"Find the cluster by Cluster Bootstrap instead of seeds: {ClusterFormation.KubernetesApi} or {ClusterFormation.Config} (docs/deploy.md).",
            NodeRole.Coordinator, NodeRole.Worker),
        new("TUNER_CONTACT_POINTS", $"With TUNER_DISCOVERY={ClusterFormation.Config}: the coordinators' management endpoints, HOST:PORT,…", NodeRole.Coordinator, NodeRole.Worker),
        new("TUNER_DISCOVERY_MIN_CONTACTS", $"With TUNER_DISCOVERY: coordinators found before a new cluster forms (default {ClusterFormation.DefaultRequiredContactPoints}; with {ClusterFormation.Config}, every contact point).",
            NodeRole.Coordinator, NodeRole.Worker),
        new("TUNER_DISCOVERY_POD_SELECTOR", $"With TUNER_DISCOVERY={ClusterFormation.KubernetesApi}: the coordinator pods' label selector (default {ClusterFormation.DefaultPodSelector}).",
            NodeRole.Coordinator, NodeRole.Worker),
        new("TUNER_SBR_STABLE_AFTER", $"How long the cluster must be stable before the split-brain resolver downs unreachable nodes, e.g. 5s (default {ClusterFailover.DefaultStableAfter.TotalSeconds:0}s).",
            NodeRole.Coordinator, NodeRole.Worker),
    ];

    /// <summary>The variables <paramref name="role"/> reads.</summary>
    public static IEnumerable<Variable> Of(NodeRole role) => All.Where(v => v.ReadBy.Contains(role));
}
