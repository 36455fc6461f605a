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

    /// <summary>tuner run says a full disk under its journal itself, once (<c>LocalDiskSpace</c>): the manager shows it each
    /// write's result, and a failure the watch says is not logged again as Akka's error with its stack trace.</summary>
    [Fact]
    public async Task A_failed_write_the_journal_watch_says_is_not_logged_as_an_error_and_a_write_after_it_is_shown()
    {
        var blobs = Path.Combine(Path.GetTempPath(), $"tuner-supervision-{Guid.NewGuid():N}");
        try
        {
            var watch = new SayingWatch();
            var settings = CoordinatorSettings.Local(new FolderBlobStore(blobs)) with { JobRestartMinBackoff = TimeSpan.FromMilliseconds(200), JournalWatch = watch };
            var manager = Sys.ActorOf(JobManagerActor.SupervisedProps(settings), "job-manager");
            FailingOnDemandJournal.Failing = true;
            await EventFilter.Error().ExpectAsync(0, async () =>
            {
                manager.Tell(new SubmitJob(TestJobs.Random("during")));
                await AwaitConditionAsync(() => Task.FromResult(!watch.Failures.IsEmpty), TimeSpan.FromSeconds(5));
            });
            Assert.Equal("the database went away", Assert.Single(watch.Failures).Message);
            FailingOnDemandJournal.Failing = false;

            await AwaitAssertAsync(async () =>
                Assert.IsType<JobAccepted>(await manager.Ask<object>(new SubmitJob(TestJobs.Random("after")), TimeSpan.FromSeconds(2))),
                TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));
            Assert.True(watch.Writes > 0);
        }
        finally
        {
            FailingOnDemandJournal.Failing = false;
            try { Directory.Delete(blobs, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>A journal watch that says every failure itself, and counts the writes.</summary>
    private sealed class SayingWatch : IJournalWatch
    {
        private int _writes;

        public System.Collections.Concurrent.ConcurrentQueue<Exception> Failures { get; } = new();

        public int Writes => _writes;

        public bool Failed(Exception cause)
        {
            Failures.Enqueue(cause);
            return true;
        }

        public void Written() => Interlocked.Increment(ref _writes);
    }
}

/// <summary>The in-memory journal, whose writes fail while <see cref="Failing"/> (as a database that went away does).</summary>
public sealed class FailingOnDemandJournal : MemoryJournal
{
    public static volatile bool Failing;

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) =>
        Failing ? Task.FromException<IImmutableList<Exception>>(new IOException("the database went away")) : base.WriteMessagesAsync(messages, cancellationToken);
}
