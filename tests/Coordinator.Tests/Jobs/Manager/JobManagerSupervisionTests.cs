using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Tuner.Coordinator.Jobs;
using Tuner.Coordinator.Jobs.Manager;
using Tuner.Coordinator.Tests.Support;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Serialization;
using Xunit.Abstractions;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Tests.Jobs.Manager;

/// <summary>The job manager as nodes run it (<see cref="JobManagerActor.SupervisedProps"/>): a journal write that fails
/// stops a persistent actor, and the supervisor starts it again from the journal.</summary>
public sealed class JobManagerSupervisionTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config, "tuner", output)
{
    private static readonly Config Config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.persistence.journal.plugin = "akka.persistence.journal.failing-on-demand"
            akka.persistence.journal.failing-on-demand {
              class = "Tuner.Coordinator.Tests.Jobs.Manager.FailingOnDemandJournal, Tuner.Coordinator.Tests"
              plugin-dispatcher = "akka.actor.default-dispatcher"
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """)
        .WithFallback(ConfigurationFactory.ParseString(SerializationConfig.Hocon))
        .WithFallback(ConfigurationFactory.ParseString(InProcessOnlySerializer.Hocon));

    [Fact]
    public async Task A_journal_write_that_fails_during_a_submission_stops_the_manager_only_until_its_restart()
    {
        // A database outage during a submission: the manager's JobRegistered could not be written, the actor stopped, and
        // (a singleton is never started again) the API answered 503 for good.
        var blobs = Path.Combine(Path.GetTempPath(), $"tuner-supervision-{Guid.NewGuid():N}");
        try
        {
            var settings = CoordinatorSettings.Cluster(new FolderBlobStore(blobs)) with { JobRestartMinBackoff = TimeSpan.FromMilliseconds(200) };
            var manager = Sys.ActorOf(JobManagerActor.SupervisedProps(settings), "job-manager");
            var first = await manager.Ask<object>(new SubmitJob(TestJobs.Random("before")), TimeSpan.FromSeconds(15));
            Assert.IsType<JobAccepted>(first);

            FailingOnDemandJournal.Failing = true;
            manager.Tell(new SubmitJob(TestJobs.Random("during")));
            ExpectNoMsg(TimeSpan.FromSeconds(1)); // no answer: the write failed and the manager stopped
            FailingOnDemandJournal.Failing = false;

            await AwaitAssertAsync(async () =>
            {
                var answer = await manager.Ask<object>(new SubmitJob(TestJobs.Random("after")), TimeSpan.FromSeconds(2));
                Assert.IsType<JobAccepted>(answer);
            }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));
            // Recovered from the journal: the job accepted before the failure is still there.
            var jobs = await manager.Ask<JobList>(GetJobs.Instance, TimeSpan.FromSeconds(15));
            Assert.Contains(jobs.Jobs, j => j.Id == ((JobAccepted)first).JobId);
        }
        finally
        {
            FailingOnDemandJournal.Failing = false;
            try { Directory.Delete(blobs, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>The in-memory journal, whose writes fail while <see cref="Failing"/> (as a database that went away does).</summary>
public sealed class FailingOnDemandJournal : MemoryJournal
{
    public static volatile bool Failing;

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) =>
        Failing ? Task.FromException<IImmutableList<Exception>>(new IOException("the database went away")) : base.WriteMessagesAsync(messages, cancellationToken);
}
