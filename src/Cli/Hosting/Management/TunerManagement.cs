using Akka.Actor;
using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;
using Serilog;

namespace Tuner.Cli.Hosting.Management;

/// <summary>Management on a cluster node (never in local mode): the <see cref="ManagementServer"/> on TUNER_MANAGEMENT_PORT
/// (probes, metrics, Cluster Bootstrap's contact-point route), and — when the node forms its cluster by discovery
/// (<see cref="ClusterFormation"/>) — Akka.Management's Cluster Bootstrap with Kubernetes API or config discovery. How it
/// all works and how to check it: docs/deploy.md, "Cluster formation" and "Probes and metrics".</summary>
public static class TunerManagement
{
    /// <summary>The discovery "service" both discovery methods answer for: the coordinators.</summary>
    public const string ServiceName = "tuner-coordinator";

    /// <param name="management">The node's endpoint, already listening when the actor system starts (the node's command
    /// binds it first): the system is attached to it here.</param>
    public static AkkaConfigurationBuilder WithTunerManagement(this AkkaConfigurationBuilder builder, NodeSettings settings, NodeRole role, ManagementServer management)
    {
        var formation = settings.FormationOrSeeds;
        if (formation.UsesBootstrap)
        {
            var kubernetes = formation.Method == ClusterFormation.KubernetesApi;
            if (kubernetes) builder.WithKubernetesDiscovery(new KubernetesDiscoveryOptions { PodLabelSelector = formation.PodSelector });
            else builder.WithConfigDiscovery(new ConfigServiceDiscoveryOptions { Services = [new Service { Name = ServiceName, Endpoints = [.. formation.ContactPoints] }] });
            builder.WithClusterBootstrap(new ClusterBootstrapOptions
            {
                // Only coordinators may form a new cluster; a worker waits for theirs.
                NewClusterEnabled = role == NodeRole.Coordinator,
                ContactPointDiscovery =
                {
                    ServiceName = ServiceName,
                    DiscoveryMethod = formation.Method,
                    PortName = kubernetes ? ClusterFormation.ManagementPortName : null,
                    RequiredContactPointsNr = formation.RequiredContactPoints,
                    StableMargin = TimeSpan.FromSeconds(3),
                    Interval = TimeSpan.FromSeconds(1),
                },
                // A fixed list names each endpoint's own port (the loopback rehearsal maps every pod's port to another).
                ContactPoint = { FallbackPort = settings.ManagementPort, FilterOnFallbackPort = kubernetes },
            }, autoStart: false);
        }

        builder.AddStartup(async (system, _) =>
        {
            var uri = management.Uri ?? throw new InvalidOperationException("the management endpoint must listen before the node starts");
            MembershipMetrics.Register(system);
            management.Attach(system);
            Log.Information("Management HTTP on {ManagementUri}: /alive, /ready, /metrics{Bootstrap}", uri,
                formation.UsesBootstrap ? $", Cluster Bootstrap by {formation.Method}" : "");
            if (!formation.UsesBootstrap) return;
            // Bootstrap recognizes its own contact point by this address: what discovery lists for this node.
            var bootstrap = ClusterBootstrap.Get(system);
            bootstrap.Routes(ManagementRouteProviderSettings.Create(uri, true));
            await bootstrap.Start();
        });
        return builder;
    }
}
