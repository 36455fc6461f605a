using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Serialization;
using Tuner.Worker.Tests.Support;
using static Tuner.Contracts.Protocol.TrialProtocol;
using static Tuner.Contracts.Protocol.WorkProtocol;

namespace Tuner.Worker.Tests;

/// <summary>The production composition: <see cref="WorkerHostingExtensions.AddTunerWorker"/> in a generic host,
/// whose stop runs CoordinatedShutdown, which must wait for the hand-back.</summary>
public sealed class WorkerHostingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Stopping_the_node_hands_back_the_running_attempt_before_the_system_ends()
    {
        var store = new FolderBlobStore(_folder.Path);
        // Far more epochs than it can train before the stop: with the thread pool busy (other test classes run in
        // parallel) the stop can come seconds after the second epoch, and a 50-epoch attempt had finished by then.
        var assignment = TestJobs.Assignment("t-0020.r0.x0#1", toEpoch: 5_000, specJson: TestJobs.SineSpec(length: 6_000));
        var coordinator = new FakeCoordinator(assignment);
        var settings = new WorkerSettings { WorkerId = TestJobs.WorkerId, Slots = 1, LeaveTimeout = TimeSpan.FromSeconds(10) };
        using var host = new HostBuilder().ConfigureServices(services => services.AddAkka("worker-node", builder =>
        {
            builder.AddHocon(SerializationConfig.Hocon + "\nakka.actor.serialize-messages = on\nakka.loglevel = WARNING", HoconAddMode.Prepend);
            builder.AddTunerWorker(settings, (_, _) => coordinator, (_, _) => store);
        })).Build();

        await host.StartAsync();
        var registry = host.Services.GetRequiredService<ActorRegistry>();
        Assert.True(registry.TryGet<WorkerActor>(out _));
        await coordinator.SecondEpoch.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await host.StopAsync();

        Assert.True(coordinator.HandedBack.Task.IsCompleted, "the node stopped before the attempt was handed back");
        var handedBack = await coordinator.HandedBack.Task;
        Assert.Equal(assignment.AttemptId, handedBack.AttemptId);
        Assert.True(handedBack.Epoch >= 2);
        Assert.Equal(BlobProtocol.Ids.HandBack(assignment.JobId, assignment.WorkId, handedBack.Epoch), handedBack.CheckpointId);
        Assert.Equal(handedBack.Epoch, TestJobs.Contents((await store.GetAsync(handedBack.CheckpointId!))!).Epochs);
    }

    /// <summary>A JobManager stand-in: assigns one long attempt and records what the worker sends the moment
    /// it is sent (an actor might not get to run before the system it lives in terminates).</summary>
    private sealed class FakeCoordinator(TrialAssignment assignment) : ICanTell
    {
        private int _assigned;

        public TrialAssignment Assignment { get; } = assignment;
        public TaskCompletionSource SecondEpoch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<AttemptReturned> HandedBack { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Tell(object message, IActorRef sender)
        {
            switch (message)
            {
                case RequestWork when Interlocked.Exchange(ref _assigned, 1) == 0:
                    sender.Tell(new TrialAssignments([Assignment]), ActorRefs.NoSender);
                    break;
                case EpochDone { Epoch.Epoch: >= 2 }:
                    SecondEpoch.TrySetResult();
                    break;
                case AttemptReturned h:
                    HandedBack.TrySetResult(h);
                    sender.Tell(new AttemptReturnedAck(h.JobId, h.AttemptId), ActorRefs.NoSender); // as the job does
                    break;
            }
        }
    }
}
