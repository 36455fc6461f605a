using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Serilog;
using Serilog.Events;
using Tuner.Cli.Hosting.Management;
using Tuner.Coordinator.Jobs;
using Akka.Logger.Serilog;
using Tuner.Runtime.Configuration;
using Tuner.Runtime.Serialization;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace Tuner.Cli.Hosting;

/// <summary>The Akka settings every Tuner node shares — serializer, logging through Serilog — and,
/// for cluster nodes, remoting, membership and the split-brain resolver.</summary>
public static class TunerAkka
{
    /// <summary>Serializer binding, Serilog logger actor, Akka log level following Serilog's.</summary>
    public static AkkaConfigurationBuilder WithTunerBasics(this AkkaConfigurationBuilder builder)
    {
        builder.AddHocon(SerializationConfig.Hocon, HoconAddMode.Prepend);
        builder.AddHocon("""
            akka.stdout-logger-class = "Tuner.Runtime.Logging.SerilogStartupLogger, Tuner.Runtime"
            akka.log-dead-letters = 10
            akka.log-dead-letters-during-shutdown = off
            akka.actor.ask-timeout = 30s
            akka.logger-formatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog"
            """, HoconAddMode.Prepend);
        return builder.ConfigureLoggers(loggers =>
        {
            loggers.LogLevel = Log.IsEnabled(LogEventLevel.Debug) ? AkkaLogLevel.DebugLevel : AkkaLogLevel.InfoLevel;
            loggers.ClearLoggers();
            loggers.AddLogger<SerilogLogger>();
        });
    }

    /// <summary>Cluster membership on <paramref name="settings"/>: binds all interfaces, advertises
    /// <c>Hostname:Port</c>, joins the seeds (a coordinator with no seeds seeds itself) or, with TUNER_DISCOVERY, the
    /// cluster Cluster Bootstrap finds; Akka.Management with the probes and metrics on every node
    /// (<see cref="Management.TunerManagement"/>). Downing and fail-over:
    /// <see cref="ClusterFailover"/> (lease-majority over the coordinators, a lease in <paramref name="db"/>, the
    /// coordinator's database; a worker passes null and takes leases through a coordinator).</summary>
    public static AkkaConfigurationBuilder WithTunerCluster(this AkkaConfigurationBuilder builder, NodeSettings settings, NodeRole role, DatabaseTarget? db, ManagementServer management)
    {
        // Cluster Bootstrap joins by itself: no seed nodes then. A coordinator that seeds itself on a port the system picks
        // (--port 0) knows its address only once bound: "itself" as a seed would be port 0, never answered, and the node
        // would wait for a cluster until it gave up; it joins its bound address at start instead.
        var seedsItself = !settings.FormationOrSeeds.UsesBootstrap && settings.Seeds.Count == 0;
        var seeds = settings.FormationOrSeeds.UsesBootstrap || (seedsItself && settings.Port == 0) ? []
            : seedsItself ? new[] { settings.SelfAddress } : settings.Seeds.ToArray();
        if (seedsItself && settings.Port == 0)
            builder.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
                return Task.CompletedTask;
            });
        builder.WithRemoting(new RemoteOptions
        {
            HostName = "0.0.0.0",
            Port = settings.Port,
            PublicHostName = settings.Hostname,
            PublicPort = settings.Port == 0 ? null : settings.Port,
        });
        builder.WithClustering(new ClusterOptions
        {
            Roles = [role == NodeRole.Coordinator ? JobManagerHosting.CoordinatorRole : Downing.ChurnDowningPolicy.WorkerRole],
            SeedNodes = seeds,
        });
        builder.AddHocon(ClusterFailover.Hocon(role == NodeRole.Coordinator ? db : null,
            ClusterFailover.StableAfter(Environment.GetEnvironmentVariable("TUNER_SBR_STABLE_AFTER"))), HoconAddMode.Prepend);
        builder.AddHocon(JoinHocon(role), HoconAddMode.Prepend);
        builder.AddHocon(LargeMessagesHocon, HoconAddMode.Prepend);
        if (role == NodeRole.Coordinator && db is not null) builder.WithLeaseRelay(db);
        if (role == NodeRole.Coordinator) builder.WithActors((system, _) => system.ActorOf(Downing.ChurnDowningActor.Props(), Downing.ChurnDowningActor.Name));
        if (role == NodeRole.Worker) builder.WithActors((system, _) => system.ActorOf(Orphans.OrphanedWorkerActor.Props(), Orphans.OrphanedWorkerActor.Name));
        builder.WithActors((system, _) => system.ActorOf(Links.LinkResetActor.Props(), Links.LinkResetActor.Name));
        builder.AddStartup((system, _) =>
        {
            // The bound address, which the starting line cannot give with --port 0, and for a worker the news that it has
            // found its cluster.
            var cluster = Akka.Cluster.Cluster.Get(system);
            cluster.RegisterOnMemberUp(() =>
            {
                if (role == NodeRole.Coordinator) Log.Information("Coordinator {Address} is up; workers and other coordinators join with --seeds {Address}", cluster.SelfAddress);
                else Log.Information("Worker {Address} is up in the cluster", cluster.SelfAddress);
            });
            return Task.CompletedTask;
        });
        return builder.WithTunerManagement(settings, role, management);
    }

    /// <summary>The largest message between nodes. Every coordinator serves the API but one hosts the job manager, so a
    /// job's results, points and trial pages cross Akka.Remote; the transport's default frame (128 kB) dropped the
    /// results of a few thousand trials and the API answered 503. Frames are buffered only as big as the message sent.</summary>
    public const string LargeMessagesHocon = "akka.remote.dot-netty.tcp.maximum-frame-size = 256MiB";

    /// <summary>How a node joins the seeds. Both retry every 2 s while the seeds come up. A coordinator that no seed has
    /// answered for a minute gives up, and Kubernetes restarts it (a seed must not wait for ever on a cluster that is
    /// not there). A worker never gives up while no seed has ever answered: it has nothing to do but wait for the
    /// coordinators, and a restart would only delay it (crash-loop back-off) — so the manifests can be applied in any
    /// order, workers first. Once a member, a worker that loses the cluster is downed and restarts as before.
    /// A singleton proxy looks for a new job manager every 0.1 s (not Akka's 1 s): after a fail-over the API and the
    /// workers reach it as soon as it runs, and the API answers "recovering" while its jobs replay the journal, rather
    /// than nothing until they have.</summary>
    public static string JoinHocon(NodeRole role) => $$"""
        akka.cluster {
          retry-unsuccessful-join-after = 2s
          shutdown-after-unsuccessful-join-seed-nodes = {{(role == NodeRole.Worker ? "off" : "60s")}}
          run-coordinated-shutdown-when-down = on
          singleton-proxy.log-singleton-identification-failure = off
          singleton-proxy.singleton-identification-interval = 100ms
          singleton.hand-over-retry-interval = 1s
        }
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        """;
}
