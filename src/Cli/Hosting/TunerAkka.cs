using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Serilog;
using Serilog.Events;
using Tuner.Coordinator.Jobs;
using Akka.Logger.Serilog;
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
    /// <c>Hostname:Port</c>, joins the seeds (a coordinator with no seeds seeds itself).
    /// Split-brain resolver keep-majority counted over the coordinators only (docs/deploy.md).</summary>
    public static AkkaConfigurationBuilder WithTunerCluster(this AkkaConfigurationBuilder builder, NodeSettings settings, NodeRole role)
    {
        var seeds = settings.Seeds.Count > 0 ? settings.Seeds.ToArray() : [settings.SelfAddress];
        builder.WithRemoting(new RemoteOptions
        {
            HostName = "0.0.0.0",
            Port = settings.Port,
            PublicHostName = settings.Hostname,
            PublicPort = settings.Port == 0 ? null : settings.Port,
        });
        builder.WithClustering(new ClusterOptions
        {
            Roles = [role == NodeRole.Coordinator ? JobManagerHosting.CoordinatorRole : "worker"],
            SeedNodes = seeds,
            // Only coordinators vote: they host the singleton and the journal writer, and their count is
            // fixed and odd (3 on Kubernetes). Counting workers too would let a mass loss of workers (an
            // autoscaled pool, a node with many of them) outvote the coordinators and down them all.
            // With two coordinators a crash ties 1 to 1 and the side with the lowest address survives.
            SplitBrainResolver = new KeepMajorityOption { Role = JobManagerHosting.CoordinatorRole },
        });
        builder.AddHocon($"akka.cluster.split-brain-resolver.stable-after = {StableAfter().TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}s", HoconAddMode.Prepend);
        builder.AddHocon("""
            akka.cluster {
              # Retry joining quickly while the seeds come up; give up (and let the orchestrator restart
              # us) if no seed answers for a minute.
              retry-unsuccessful-join-after = 2s
              shutdown-after-unsuccessful-join-seed-nodes = 60s
              run-coordinated-shutdown-when-down = on
              singleton-proxy.log-singleton-identification-failure = off
              singleton.hand-over-retry-interval = 1s
            }
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            """, HoconAddMode.Prepend);
        return builder;
    }

    /// <summary>How long membership must be stable before the resolver downs unreachable nodes:
    /// 20 s (Akka's default), or TUNER_SBR_STABLE_AFTER (e.g. "5s") for tests and small clusters.</summary>
    private static TimeSpan StableAfter()
    {
        var text = Environment.GetEnvironmentVariable("TUNER_SBR_STABLE_AFTER");
        return text is not null && text.EndsWith('s') && double.TryParse(text[..^1], System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(20);
    }
}
