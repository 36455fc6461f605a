using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Tuner.Cli.Hosting.Management;
using Tuner.Coordinator.Jobs;
using Tuner.Runtime.Metrics;
using Tuner.Worker;

namespace Tuner.Cli.Hosting;

/// <summary><c>tuner worker</c>: a cluster node (role <c>worker</c>) offering <c>--slots</c> trial
/// slots to the coordinator singleton. SIGTERM checkpoints the trials in hand, hands them back and
/// leaves the cluster.</summary>
public static class WorkerNode
{
    /// <param name="management">The node's management endpoint (<see cref="ManagementServer"/>), started before the host.</param>
    /// <param name="train">How attempts train (null: with the engine; the dispatch benchmarks' worker plugs in a stand-in).</param>
    public static IHost Build(NodeSettings settings, ManagementServer management, TrainAttempt? train = null)
    {
        var builder = Host.CreateApplicationBuilder(HostArguments.Defaults);
        builder.Services.AddSerilog();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
        var worker = new WorkerSettings
        {
            WorkerId = settings.Port != 0 ? $"{settings.Hostname}:{settings.Port}" : $"{settings.Hostname}/{Environment.ProcessId}",
            Slots = settings.Slots,
            DatasetCacheBytes = settings.DatasetCacheBytes,
        };
        TunerMetrics.WorkerSlots.Set(worker.Slots);
        builder.Services.AddAkka(NodeSettings.SystemName, akka =>
        {
            akka.WithTunerBasics()
                .WithTunerCluster(settings, NodeRole.Worker, db: null, management)
                .AddJobManagerProxy()
                .AddTunerWorker(worker, (_, registry) => registry.Get<JobManagerKey>(),
                    train: train, around: MeteredTraining.Wrap);
        });
        return builder.Build();
    }

    public static async Task<int> RunAsync(NodeSettings settings, TrainAttempt? train, CancellationToken cancellation)
    {
        await using var management = await ListenedPorts.ClaimAsync(settings, http: null, cancellation);
        using var host = Build(settings, management, train);
        Log.Information("Worker {Address} starting with {Slots} slot(s), joining by {JoinsBy}", settings.StartingAddress, settings.Slots, settings.JoinsBy);
        // Not RunAsync: it disposes the host, whose services the exit code still reads (why the node ended).
        await host.StartAsync(CancellationToken.None);
        await host.WaitForShutdownAsync(CancellationToken.None);
        return NodeExitCode.Of(host.Services, cancellation.IsCancellationRequested);
    }
}
