using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Serialization;
using Tuner.Runtime.Timing;
using Xunit.Abstractions;
using static Tuner.Contracts.Protocol.TrialProtocol;
using static Tuner.Contracts.Protocol.WorkProtocol;

namespace Tuner.Worker.Tests.Support;

/// <summary>A worker under test with a probe as its coordinator. Every message is serialized
/// (serialize-messages = on with Tuner's serializer), as it would be between nodes.</summary>
public abstract class WorkerTestKit : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config Hocon = ConfigurationFactory.ParseString("""
        akka.actor.serialize-messages = on
        akka.loglevel = WARNING
        akka.test.timefactor = 1
        """).WithFallback(ConfigurationFactory.ParseString(SerializationConfig.Hocon));

    private readonly TempFolder _folder = new();

    protected WorkerTestKit(ITestOutputHelper output) : base(Hocon, output: output)
    {
        Coordinator = CreateTestProbe("coordinator");
        Folder = new FolderBlobStore(_folder.Path);
    }

    /// <summary>Plays the JobManager: receives requests, epochs, heartbeats and results.</summary>
    protected TestProbe Coordinator { get; }

    /// <summary>The coordinator's store (a folder).</summary>
    protected FolderBlobStore Folder { get; }

    /// <summary>Quick timings so tests see repeats and resends within a second; every checkpoint goes through the store
    /// unless <paramref name="inlineCheckpoints"/>.</summary>
    protected static WorkerSettings Settings(int slots = 1, bool inlineCheckpoints = false) => new()
    {
        InlineCheckpointBytes = inlineCheckpoints ? TrialProtocol.InlineCheckpointLimit : 0,
        WorkerId = TestJobs.WorkerId,
        Slots = slots,
        RequestInterval = TimeSpan.FromMilliseconds(300),
        HeartbeatInterval = TimeSpan.FromSeconds(30),
        FinishedResendInterval = TimeSpan.FromMilliseconds(300),
        BlobRetry = new RetryBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)),
        LeaveTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The cluster-mode path: a <see cref="RemoteBlobStore"/> through a real <see cref="BlobStoreActor"/> over <see cref="Folder"/>.</summary>
    protected IBlobStore RemoteStore() => new RemoteBlobStore(Sys.ActorOf(BlobStoreActor.Props(Folder)), TimeSpan.FromSeconds(5));

    protected IActorRef StartWorker(IBlobStore blobs, WorkerSettings? settings = null) =>
        Sys.ActorOf(WorkerActor.Props(settings ?? Settings(), Coordinator.Ref, blobs), "worker");

    private readonly Queue<AttemptFinished> _unpacked = new();
    private IActorRef _resultsSender = ActorRefs.Nobody;

    /// <summary>The coordinator's next message, with each result of an <see cref="AttemptsFinished"/> batch as a message
    /// of its own (the batch's sender, the worker actor, is where <see cref="Acknowledge"/> answers).</summary>
    protected object? ReceiveNext(TimeSpan max)
    {
        if (_unpacked.TryDequeue(out var queued)) return queued;
        var message = Coordinator.ReceiveOne(max);
        if (message is not AttemptsFinished batch) return message;
        Assert.Equal(TestJobs.WorkerId, batch.WorkerId);
        _resultsSender = Coordinator.LastSender;
        foreach (var report in batch.Reports) _unpacked.Enqueue(report);
        return _unpacked.Dequeue();
    }

    /// <summary>The next <typeparamref name="T"/> the coordinator gets (matching <paramref name="where"/>), passing
    /// over work requests, heartbeats, epochs and other messages of that type; any other message fails the test. Without
    /// <paramref name="max"/> it waits for training, whose pace is the machine's: up to a minute (10 s ran out on an
    /// epoch of a loaded machine).</summary>
    protected T Next<T>(TimeSpan? max = null, Func<T, bool>? where = null)
    {
        var deadline = DateTime.UtcNow + (max ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            Assert.True(remaining > TimeSpan.Zero, $"no {typeof(T).Name} in time");
            var message = ReceiveNext(remaining);
            Assert.True(message is not null, $"no {typeof(T).Name} in time");
            if (message is T match)
            {
                if (where is null || where(match)) return match;
                continue;
            }
            if (message is RequestWork or AttemptHeartbeat or EpochDone) continue;
            Assert.Fail($"expected {typeof(T).Name}, got {message}");
        }
    }

    /// <summary>Every epoch streamed for the coordinator's current attempt, then its result.</summary>
    protected (List<EpochDone> Epochs, AttemptFinished Finished) UntilFinished(string attemptId, TimeSpan? max = null)
    {
        var epochs = new List<EpochDone>();
        var deadline = DateTime.UtcNow + (max ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var message = Next<ITunerMessage>(deadline - DateTime.UtcNow, m => m is not RequestWork and not AttemptHeartbeat);
            switch (message)
            {
                case EpochDone e when e.AttemptId == attemptId:
                    epochs.Add(e);
                    break;
                case AttemptFinished f when f.AttemptId == attemptId:
                    return (epochs, f);
                default:
                    Assert.Fail($"unexpected {message}");
                    break;
            }
        }
    }

    /// <summary>Acknowledges a result as the job would: to the sender of the batch that carried it.</summary>
    protected void Acknowledge(AttemptFinished finished) =>
        _resultsSender.Tell(new AttemptsFinishedAck(finished.JobId, [finished.AttemptId]), Coordinator.Ref);

    /// <summary>Sends assignments as the job does: one batch.</summary>
    protected void AssignAll(IActorRef worker, params TrialAssignment[] assignments) =>
        worker.Tell(new TrialAssignments(assignments.ToValueList()), Coordinator.Ref);

    protected void Assign(IActorRef worker, TrialAssignment assignment) => AssignAll(worker, assignment);

    protected override void AfterAll()
    {
        base.AfterAll();
        _folder.Dispose();
    }
}
