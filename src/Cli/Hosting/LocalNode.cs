using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Tuner.Coordinator.Jobs;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;
using Tuner.Worker;

namespace Tuner.Cli.Hosting;

/// <summary>Local single-node mode (<c>tuner run</c>): the JobManager and N one-slot workers in one
/// actor system, no remoting; journal on the given database, checkpoints in the given blob store.
/// Stopping the host hands running trials back and lets the jobs persist before the system terminates. The journal's
/// writes are shown to <c>journalWatch</c> when given (<see cref="LocalDiskSpace"/>: a full disk under it).</summary>
public static class LocalNode
{
    public static IHost Build(DatabaseTarget db, IBlobStore blobs, int workers, string specBaseDirectory, IJournalWatch? journalWatch = null)
    {
        var builder = Host.CreateApplicationBuilder(HostArguments.Defaults);
        builder.Services.AddSerilog();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        // The host must not install its own Ctrl-C handling: the command decides (exit 130 after saving).
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.Services.AddAkka(NodeSettings.SystemName, akka =>
        {
            akka.WithTunerBasics()
                .AddHocon(PersistenceConfig.For(db), HoconAddMode.Prepend)
                .AddJobManager(CoordinatorSettings.Local(blobs) with { SpecBaseDirectory = specBaseDirectory, JournalWatch = journalWatch }, asClusterSingleton: false);
            for (int i = 1; i <= workers; i++)
            {
                akka.AddTunerWorker(new WorkerSettings { WorkerId = $"local-{i}", Slots = 1, RequestInterval = TimeSpan.FromMilliseconds(500) },
                    (_, registry) => registry.Get<JobManagerKey>(), (_, _) => blobs, actorName: $"worker-{i}");
            }
        });
        return builder.Build();
    }

    /// <summary>A host lifetime that ignores process signals (the command owns them).</summary>
    private sealed class NoSignalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
