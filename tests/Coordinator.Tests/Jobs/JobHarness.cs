using Akka.Actor;
using Akka.Configuration;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Coordinator.Jobs.Manager;
using Tuner.Coordinator.Tests.Support;
using Tuner.Tests.Shared;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;
using Tuner.Runtime.Serialization;
using Xunit.Abstractions;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Tests.Jobs;

/// <summary>A coordinator under test: an actor system with the Tuner serializer, <c>serialize-messages = on</c> and a real
/// journal on a fresh database, a folder blob store, and the JobManager. Workers are <see cref="FakeWorker"/> probes.</summary>
internal sealed class JobHarness : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly ITestOutputHelper _output;
    private readonly string _blobFolder = Path.Combine(Path.GetTempPath(), $"tuner-coord-blobs-{Guid.NewGuid():N}");

    private JobHarness(string database, ITestOutputHelper output, Func<CoordinatorSettings, CoordinatorSettings>? configure)
    {
        _output = output;
        Db = TestDatabases.Create(database);
        Blobs = new FolderBlobStore(_blobFolder);
        // Local mode's settings (no lease), but recovered jobs are offered work at once, as a cluster's coordinator does:
        // the specs drive a recovered job's workers directly (local mode's wait for the job's resubmission has its own).
        Settings = (configure ?? (s => s))(CoordinatorSettings.Local(Blobs) with { OfferTimeout = TimeSpan.FromSeconds(5), ResumeRecoveredJobs = true });
        Config = ConfigurationFactory.ParseString($"akka.loglevel = {Environment.GetEnvironmentVariable("TUNER_TEST_LOGLEVEL") ?? "WARNING"}").WithFallback(ConfigurationFactory.ParseString("""
                akka.actor.serialize-messages = on
                akka.test.single-expect-default = 15s
                """))
            .WithFallback(ConfigurationFactory.ParseString(SerializationConfig.Hocon))
            .WithFallback(ConfigurationFactory.ParseString(InProcessOnlySerializer.Hocon))
            .WithFallback(PersistenceConfig.For(Db));
        Kit = new Akka.TestKit.Xunit2.TestKit(Config, "tuner", output);
        Manager = StartManager();
    }

    public DatabaseTarget Db { get; }
    public FolderBlobStore Blobs { get; }
    public CoordinatorSettings Settings { get; }
    public Config Config { get; }
    public Akka.TestKit.Xunit2.TestKit Kit { get; private set; }
    public ActorSystem Sys => Kit.Sys;
    public IActorRef Manager { get; private set; }

    public static JobHarness Start(string database, ITestOutputHelper output, Func<CoordinatorSettings, CoordinatorSettings>? configure = null) =>
        new(database, output, configure);

    public FakeWorker Worker(string id) => new(this, id);

    public T Ask<T>(object message) => Manager.Ask<T>(message, Timeout).GetAwaiter().GetResult();

    /// <summary>Submits <paramref name="spec"/> and returns the job id (fails the test when rejected).</summary>
    public string Submit(string spec, string? jobId = null)
    {
        var answer = Ask<object>(new SubmitJob(spec, jobId));
        return answer is JobAccepted accepted ? accepted.JobId : throw new Xunit.Sdk.XunitException($"submission refused: {answer}");
    }

    public JobSummary Summary(string jobId) => Ask<JobSummary>(new GetJob(jobId));

    public Contracts.Results.ResultsDocument Results(string jobId) => Ask<JobResults>(new GetResults(jobId)).Results;

    /// <summary>Waits until the job's summary satisfies <paramref name="condition"/>.</summary>
    public JobSummary AwaitSummary(string jobId, Func<JobSummary, bool> condition)
    {
        JobSummary? last = null;
        Kit.AwaitCondition(() => condition(last = Summary(jobId)), Timeout, TimeSpan.FromMilliseconds(50));
        return last!;
    }

    /// <summary>Returns once the job's <see cref="AttemptWatcher"/> has handled every message sent to it so far.</summary>
    public void AwaitAttemptWatcher(string jobId) =>
        Sys.ActorSelection(Manager.Path / $"job-{jobId}" / "job" / "attempts").Ask<ActorIdentity>(new Identify(jobId), Timeout).GetAwaiter().GetResult();

    /// <summary>The job's actor itself (under its backoff supervisor).</summary>
    public ActorSelection JobActor(string jobId) => Sys.ActorSelection(Manager.Path / $"job-{jobId}" / "job");

    /// <summary>Stops the manager gracefully (its jobs finish their persists) and starts a new one: recovery from the journal.</summary>
    public void RestartManager()
    {
        var watcher = Kit.CreateTestProbe();
        watcher.Watch(Manager);
        Manager.Tell(JobInternalProtocol.StopJobManager.Instance);
        watcher.ExpectTerminated(Manager, Timeout);
        Manager = StartManagerOnceItsNameIsFree();
        AwaitRecovered();
    }

    /// <summary>Shuts the whole actor system down and starts a new one on the same database (probes of the old one are gone).</summary>
    public void RestartSystem()
    {
        Kit.Shutdown(Timeout);
        Kit = new Akka.TestKit.Xunit2.TestKit(Config, "tuner", _output);
        Manager = StartManager();
        AwaitRecovered();
    }

    // Until every job's actor has replayed its journal: before that the manager answers "recovering" placeholders
    // (PRODUCT.md §9), and the specs that restart compare what the jobs rebuilt.
    private void AwaitRecovered() =>
        Kit.AwaitCondition(() => Ask<JobList>(GetJobs.Instance).Jobs.All(j => j.Status != JobStatuses.Recovering), Timeout, TimeSpan.FromMilliseconds(20));

    private IActorRef StartManager() => Sys.ActorOf(JobManagerActor.Props(Settings), JobManagerHosting.Name);

    // A watcher's Terminated and the guardian's own death notification travel separately, so the old manager's name
    // can still be taken for a moment after the watcher heard it stop.
    private IActorRef StartManagerOnceItsNameIsFree()
    {
        IActorRef? started = null;
        Kit.AwaitCondition(() =>
        {
            try
            {
                started = StartManager();
                return true;
            }
            catch (InvalidActorNameException)
            {
                return false;
            }
        }, Timeout, TimeSpan.FromMilliseconds(10));
        return started!;
    }

    public void Dispose()
    {
        Kit.Shutdown(Timeout);
        if (Environment.GetEnvironmentVariable("TUNER_TEST_KEEP_DB") is null) TestDatabases.Delete(Db);
        else _output.WriteLine($"kept {Db.Description}");
        try { Directory.Delete(_blobFolder, recursive: true); } catch (IOException) { }
    }
}
