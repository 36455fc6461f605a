using Akka.Actor;
using Akka.Cluster;
using Tuner.Runtime.Membership;

namespace Tuner.Cli.Hosting.Management;

/// <summary>What a node's probes ask (<c>/alive</c> and <c>/ready</c> on the management port; a coordinator's
/// <c>/healthz</c> and <c>/readyz</c> on its HTTP port too), one per actor system. Liveness is only "the actor system
/// runs": never cluster membership, so a node waiting for its cluster or a hand-over is not restarted for it.
/// Readiness is "an Up member", and a coordinator adds its own check (the journal's database, the job manager).</summary>
public sealed class NodeHealth : IExtension
{
    private readonly ActorSystem _system;

    public NodeHealth(ActorSystem system) => _system = system;

    /// <summary>The coordinator's further readiness check: null when ready, else why not.</summary>
    public Func<CancellationToken, Task<string?>>? RoleReadiness { get; set; }

    public static NodeHealth Get(ActorSystem system) => system.WithExtension<NodeHealth, NodeHealthProvider>();

    /// <summary>Null while the actor system runs, else why the node is not alive.</summary>
    public string? LivenessProblem() => _system.WhenTerminated.IsCompleted ? "the actor system has terminated" : null;

    /// <summary>Null when ready, else why not.</summary>
    public async Task<string?> ReadinessProblemAsync(CancellationToken cancellation)
    {
        if (LivenessProblem() is { } dead) return dead;
        if (MembershipReadiness.Problem(_system) is { } membership) return membership;
        return RoleReadiness is { } check ? await check(cancellation) : null;
    }

    private sealed class NodeHealthProvider : ExtensionIdProvider<NodeHealth>
    {
        public override NodeHealth CreateExtension(ExtendedActorSystem system) => new(system);
    }
}
