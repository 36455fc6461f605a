using Akka;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Tuner.Coordinator.Jobs.Manager;
using static Tuner.Coordinator.Jobs.JobInternalProtocol;

namespace Tuner.Coordinator.Jobs;

/// <summary>The <see cref="Akka.Hosting.ActorRegistry"/> key of the JobManager (the singleton proxy in cluster mode):
/// <c>ActorRegistry.Get&lt;JobManagerKey&gt;()</c>.</summary>
public sealed class JobManagerKey;

/// <summary>Registers the JobManager with Akka.Hosting; a node's composition root only chains such calls.</summary>
public static class JobManagerHosting
{
    /// <summary>The manager's actor name, and the cluster singleton's name (a worker's proxy must use the same).</summary>
    public const string Name = "job-manager";

    /// <summary>The cluster role that hosts the singleton.</summary>
    public const string CoordinatorRole = "coordinator";

    /// <summary>Starts the JobManager: as a cluster singleton on role <c>coordinator</c> with a proxy registered under
    /// <see cref="JobManagerKey"/>, stopped with <see cref="StopJobManager"/> (never a PoisonPill: in-flight
    /// persists finish before a hand-over); or, locally, as a plain actor under that key. The node must also
    /// configure persistence and the Tuner serializer.</summary>
    public static AkkaConfigurationBuilder AddJobManager(this AkkaConfigurationBuilder builder, CoordinatorSettings settings, bool asClusterSingleton)
    {
        if (asClusterSingleton)
        {
            return builder.WithSingleton<JobManagerKey>(Name, JobManagerActor.SupervisedProps(settings), new ClusterSingletonOptions
            {
                Role = CoordinatorRole,
                TerminationMessage = StopJobManager.Instance,
            }, createProxyToo: true);
        }
        return builder.WithActors((system, registry) =>
        {
            var manager = system.ActorOf(JobManagerActor.SupervisedProps(settings), Name);
            registry.Register<JobManagerKey>(manager);
            // On shutdown (Ctrl-C, host stop) the jobs finish their in-flight persists before the system terminates.
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "stop-job-manager", async () =>
            {
                try { await manager.GracefulStop(ShutdownTimeout, StopJobManager.Instance); }
                catch (Exception e) when (e is TaskCanceledException or AskTimeoutException) { /* timed out: terminate anyway; the journal has every completed persist */ }
                return Done.Instance;
            });
        });
    }

    /// <summary>How long a local JobManager may take to stop its jobs on shutdown.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Only a proxy to the singleton (a node that talks to the coordinator but does not host it).</summary>
    public static AkkaConfigurationBuilder AddJobManagerProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<JobManagerKey>(Name, new ClusterSingletonOptions { Role = CoordinatorRole });
}
