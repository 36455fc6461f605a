using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tuner.Cli.Hosting;
using Tuner.Cli.Progress;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Cli.Tests.Progress;

/// <summary><c>tuner run</c>'s subscription (<see cref="JobSubscription"/>) on the local node it runs, in-process
/// workers and a SQLite journal included.</summary>
public sealed class SummaryRelayTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tuner-relay-").FullName;

    [Fact]
    public async Task A_run_follows_its_job_to_the_end_through_a_restart_of_the_job_manager()
    {
        // The job manager stops when a journal write of its own fails and is started again; a local one resumes recovered
        // jobs only when they are submitted again, and its restart stops every job's publisher: the run waited for ever.
        var db = DatabaseTarget.Parse(Path.Combine(_folder, "tuner.db"));
        using var host = LocalNode.Build(db, BlobStores.For(db), workers: 1, _folder);
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var manager = ActorRegistry.For(system).Get<JobManagerKey>();
        var submission = new SubmitJob("""
            {
              "name": "relay", "seed": 3,
              "data": { "kind": "sine", "length": 2000, "noise": 0.1 },
              "window": 5,
              "searchSpace": { "units": { "type": "int", "min": 8, "max": 16, "step": 8 } },
              "algorithm": { "type": "random", "maxTrials": 2, "executionsPerTrial": 1, "epochs": 100 }
            }
            """, "relay");
        Assert.IsType<JobAccepted>(await manager.Ask<ITunerMessage>(submission, TimeSpan.FromSeconds(15)));
        var (_, summaries) = JobSubscription.Start(system, manager, "relay", submission);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        JobSummary running;
        do running = await summaries.ReadAsync(deadline.Token);
        while (running.EpochsTrained == 0);
        Assert.False(running.IsFinal); // the restart comes while the job runs

        var jobManager = await system.ActorSelection(manager.Path / JobManagerHosting.Name).ResolveOne(TimeSpan.FromSeconds(5));
        jobManager.Tell(Kill.Instance); // stopped, as a failed journal write stops it; its supervisor starts it again

        JobSummary last;
        do last = await summaries.ReadAsync(deadline.Token);
        while (!last.IsFinal);
        Assert.Equal(JobStatuses.Completed, last.Status);
        Assert.Equal(2, last.TrialsFinished);
        await host.StopAsync();
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
