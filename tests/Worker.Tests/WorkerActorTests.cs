using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using System.Text;
using Akka.Actor;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Blobs;
using Tuner.Worker.Tests.Support;
using Xunit.Abstractions;
using static Tuner.Contracts.Protocol.TrialProtocol;
using static Tuner.Contracts.Protocol.WorkProtocol;
using Tuner.Training;

namespace Tuner.Worker.Tests;

public sealed class WorkerActorTests : WorkerTestKit
{
    private readonly ITestOutputHelper _output;

    public WorkerActorTests(ITestOutputHelper output) : base(output) => _output = output;

    /// <summary>Thousands of short epochs: runs until stopped or handed back.</summary>
    private static TrialAssignment Long(string attemptId = "t-0009.r0.x0#1", int slot = 0) =>
        TestJobs.Assignment(attemptId, slot, toEpoch: 5000, specJson: TestJobs.SineSpec(length: 400));

    [Fact]
    public void Idle_slots_ask_for_work_in_one_request_and_again_while_they_stay_idle()
    {
        var clock = new FakeTimeProvider();
        var worker = StartWorker(Folder, Settings(slots: 2) with { Clock = clock });
        // One right away, then a repeat every 300 ms of the worker's clock, and none before.
        Assert.Equal([0, 1], Coordinator.ExpectMsg<RequestWork>().Slots.Select(s => s.Slot));
        Assert.Equal(worker, Coordinator.LastSender);
        for (var i = 0; i < 2; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(299));
            Coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
            clock.Advance(TimeSpan.FromMilliseconds(1));
            var repeat = Coordinator.ExpectMsg<RequestWork>();
            Assert.Equal(TestJobs.WorkerId, repeat.WorkerId);
            Assert.Equal([0, 1], repeat.Slots.Select(s => s.Slot));
            Assert.Equal(worker, Coordinator.LastSender);
        }
    }

    [Fact]
    public void A_busy_slot_stops_asking_while_the_idle_one_keeps_asking()
    {
        var clock = new FakeTimeProvider();
        var worker = StartWorker(Folder, Settings(slots: 2) with { Clock = clock });
        Assert.Equal([0, 1], Coordinator.ExpectMsg<RequestWork>().Slots.Select(s => s.Slot));
        var assignment = Long();
        Assign(worker, assignment);
        Next<EpochDone>();

        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(300));
            Assert.Equal([1], Next<RequestWork>().Slots.Select(s => s.Slot));
        }
        worker.Tell(new StopAttempt(assignment.JobId, assignment.AttemptId, "test over"), Coordinator.Ref);
        Next<AttemptFinished>();
    }

    [Fact]
    public void What_a_runner_tells_the_coordinator_comes_from_the_worker_which_routes_the_answers_to_it()
    {
        // The coordinator watches the sender of an attempt's reports: one actor per worker, not one per attempt (a watch
        // of every runner kept each stopped runner referenced on the worker's side; docs/benchmarks.md, "Memory at scale").
        var worker = StartWorker(Folder, Settings(slots: 1) with { HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        Coordinator.ExpectMsg<RequestWork>();
        var assignment = Long();
        Assign(worker, assignment);
        Next<EpochDone>();
        Assert.Equal(worker, Coordinator.LastSender);
        Next<AttemptHeartbeat>();
        Assert.Equal(worker, Coordinator.LastSender);
        // An answer sent to that sender reaches the attempt: it stops and reports.
        Coordinator.LastSender.Tell(new StopAttempt(assignment.JobId, assignment.AttemptId, "test over"), Coordinator.Ref);
        Assert.Equal(AttemptOutcome.Cancelled, Next<AttemptFinished>().Outcome);
    }

    [Fact]
    public async Task An_assignment_streams_each_epoch_and_finishes_once_its_checkpoint_is_stored()
    {
        // A slow store: were the result sent before the write completes, the checkpoint would still be missing.
        var worker = StartWorker(new CountingBlobStore(RemoteStore()) { PutDelay = TimeSpan.FromMilliseconds(400) });
        Coordinator.ExpectMsg<RequestWork>();
        var assignment = TestJobs.Assignment(toEpoch: 3);
        Assign(worker, assignment);

        var (epochs, finished) = UntilFinished(assignment.AttemptId);
        var stored = await Folder.GetAsync(assignment.CheckpointId);

        Assert.Equal([1, 2, 3], epochs.Select(e => e.Epoch.Epoch));
        Assert.All(epochs, e => Assert.Equal((assignment.JobId, assignment.WorkId), (e.JobId, e.WorkId)));
        Assert.All(epochs, e => Assert.True(e.Seconds > 0));
        Assert.Equal(AttemptOutcome.Completed, finished.Outcome);
        Assert.Equal(epochs.Select(e => e.Epoch), finished.History);
        Assert.Equal(assignment.CheckpointId, finished.CheckpointId);
        Assert.Null(finished.Error);
        Assert.NotNull(stored);
        var contents = TestJobs.Contents(stored);
        Assert.Equal(3, contents.Epochs);
        Assert.Equal(finished.History.Select(e => (e.Epoch, e.Loss, e.ValLoss)), contents.History);
    }

    [Fact]
    public async Task A_small_final_checkpoint_travels_inside_the_result_instead_of_through_the_store()
    {
        var store = new CountingBlobStore(RemoteStore());
        var worker = StartWorker(store, Settings(inlineCheckpoints: true));
        Coordinator.ExpectMsg<RequestWork>();
        var assignment = TestJobs.Assignment(toEpoch: 2);
        Assign(worker, assignment);

        var (_, finished) = UntilFinished(assignment.AttemptId);

        Assert.Equal(AttemptOutcome.Completed, finished.Outcome);
        Assert.Equal(assignment.CheckpointId, finished.CheckpointId);
        Assert.NotNull(finished.InlineCheckpoint);
        Assert.InRange(finished.InlineCheckpoint.Length, 1, TrialProtocol.InlineCheckpointLimit);
        var contents = TestJobs.Contents(finished.InlineCheckpoint);
        Assert.Equal(2, contents.Epochs);
        Assert.Equal(finished.History.Select(e => (e.Epoch, e.Loss, e.ValLoss)), contents.History);
        Assert.Equal(0, store.Puts); // the job stores it, not the worker
        Assert.Null(await Folder.GetAsync(assignment.CheckpointId));
    }

    [Fact]
    public void A_result_is_resent_until_acknowledged_and_then_the_slot_asks_again()
    {
        var worker = StartWorker(Folder);
        Coordinator.ExpectMsg<RequestWork>();
        var assignment = TestJobs.Assignment(toEpoch: 1);
        Assign(worker, assignment);

        var (_, first) = UntilFinished(assignment.AttemptId);
        var again = Next<AttemptFinished>(TimeSpan.FromSeconds(2));
        var third = Next<AttemptFinished>(TimeSpan.FromSeconds(2));
        Assert.Equal(first with { History = first.History }, again);
        Assert.Equal(first, third);
        Acknowledge(third);

        // At once when the slot frees, then again only once it has been idle a whole interval (300 ms).
        Assert.Equal([0], Coordinator.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(2)).Slots.Select(s => s.Slot));
        Coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(250));
        Assert.Equal([0], Coordinator.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(1)).Slots.Select(s => s.Slot));
        Coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_acknowledgement_sent_to_the_worker_reaches_its_attempt()
    {
        var worker = StartWorker(Folder);
        Coordinator.ExpectMsg<RequestWork>();
        var assignment = TestJobs.Assignment(toEpoch: 1);
        Assign(worker, assignment);
        var (_, finished) = UntilFinished(assignment.AttemptId);

        worker.Tell(new AttemptsFinishedAck(finished.JobId, [finished.AttemptId]), Coordinator.Ref);

        Assert.Equal([0], Coordinator.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(2)).Slots.Select(s => s.Slot));
    }

    [Fact]
    public void A_stopped_attempt_ends_cancelled_within_an_epoch_with_what_it_trained()
    {
        var worker = StartWorker(Folder);
        Coordinator.ExpectMsg<RequestWork>();
        // Epochs of a few hundred milliseconds, so "within an epoch" is measurable.
        var assignment = TestJobs.Assignment("t-0012.r0.x0#1", toEpoch: 3, specJson: TestJobs.SineSpec(length: 60_000));
        Assign(worker, assignment);
        var first = Next<EpochDone>();

        var clock = Stopwatch.StartNew();
        worker.Tell(new StopAttempt(assignment.JobId, assignment.AttemptId, "job cancelled"), Coordinator.Ref);
        var (more, finished) = UntilFinished(assignment.AttemptId);
        _output.WriteLine($"stopped in {clock.Elapsed.TotalMilliseconds:F0} ms; an epoch takes {first.Seconds * 1000:F0} ms");

        Assert.Equal(AttemptOutcome.Cancelled, finished.Outcome);
        Assert.Empty(more);
        Assert.Equal([first.Epoch], finished.History);
        Assert.Null(finished.CheckpointId);
        Assert.True(clock.Elapsed.TotalSeconds < first.Seconds, $"took {clock.Elapsed.TotalMilliseconds:F0} ms, longer than an epoch");
        Acknowledge(finished);
        // The slot asks again, saying it has received one assignment: a repeat that crossed it would say none.
        Assert.Equal(new SlotRequest(0, 1), Next<RequestWork>().Slots.Single());
    }

    [Fact]
    public async Task An_attempt_its_jobs_cancel_stopped_keeps_its_best_epochs_state_and_a_superseded_one_stores_nothing()
    {
        // The cancelled job's results name the best epoch's state as its best model: it was never stored, so the job had
        // none (GET /model answered 204) though its best trial had trained.
        var worker = StartWorker(Folder);
        Coordinator.ExpectMsg<RequestWork>();
        var cancelled = TestJobs.Assignment("t-0012.r0.x0#1", toEpoch: 3, specJson: TestJobs.SineSpec(length: 60_000));
        Assign(worker, cancelled);
        var first = Next<EpochDone>();
        worker.Tell(new StopAttempt(cancelled.JobId, cancelled.AttemptId, StopAttempt.JobCancelled), Coordinator.Ref);
        var (_, finished) = UntilFinished(cancelled.AttemptId);

        Assert.Equal(AttemptOutcome.Cancelled, finished.Outcome);
        Assert.Null(finished.CheckpointId); // the work item's final checkpoint stays a completed attempt's
        var kept = await Folder.GetAsync(BlobProtocol.Ids.EpochState(cancelled.JobId, cancelled.WorkId, first.Epoch.Epoch));
        Assert.NotNull(kept);
        Assert.Equal(first.Epoch.Epoch, TestJobs.Contents(kept).Epochs);
        Acknowledge(finished);
        Next<RequestWork>();

        var superseded = TestJobs.Assignment("t-0013.r0.x0#1", toEpoch: 3, specJson: TestJobs.SineSpec(length: 60_000));
        Assign(worker, superseded);
        var epoch = Next<EpochDone>();
        worker.Tell(new StopAttempt(superseded.JobId, superseded.AttemptId, "superseded"), Coordinator.Ref);
        Assert.Equal(AttemptOutcome.Cancelled, UntilFinished(superseded.AttemptId).Finished.Outcome);
        Assert.Null(await Folder.GetAsync(BlobProtocol.Ids.EpochState(superseded.JobId, superseded.WorkId, epoch.Epoch.Epoch)));
    }

    [Fact]
    public void Heartbeats_arrive_while_an_attempt_trains()
    {
        var worker = StartWorker(Folder, Settings() with { HeartbeatInterval = TimeSpan.FromMilliseconds(150) });
        var assignment = Long();
        Assign(worker, assignment);

        var first = Next<AttemptHeartbeat>(TimeSpan.FromSeconds(2));
        var second = Next<AttemptHeartbeat>(TimeSpan.FromSeconds(2), h => h.Epoch > 0);

        Assert.Equal((assignment.JobId, assignment.AttemptId, TestJobs.WorkerId), (first.JobId, first.AttemptId, first.WorkerId));
        Assert.True(second.Epoch >= first.Epoch);
        worker.Tell(new StopAttempt(assignment.JobId, assignment.AttemptId, "test over"), Coordinator.Ref);
        Next<AttemptFinished>();
    }

    [Fact]
    public async Task A_csv_dataset_is_fetched_once_by_its_blob_id_for_two_assignments()
    {
        var csv = Encoding.UTF8.GetBytes(TestJobs.CsvText());
        var blobId = TestJobs.DatasetId(csv);
        await Folder.PutAsync(blobId, csv);
        var blobs = new CountingBlobStore(RemoteStore());
        var worker = StartWorker(blobs, Settings(slots: 2));
        var a = TestJobs.Assignment("t-0001.r0.x0#1", slot: 0, toEpoch: 2, specJson: TestJobs.CsvSpec(), dataBlob: blobId);
        var b = TestJobs.Assignment("t-0002.r0.x0#1", slot: 1, toEpoch: 2, specJson: TestJobs.CsvSpec(), dataBlob: blobId);

        Assign(worker, a);
        Assign(worker, b);
        var finished = new[] { Next<AttemptFinished>(), Next<AttemptFinished>() }
            .ToDictionary(f => f.AttemptId);

        Assert.Equal(AttemptOutcome.Completed, finished[a.AttemptId].Outcome);
        Assert.Equal(AttemptOutcome.Completed, finished[b.AttemptId].Outcome);
        Assert.Equal(1, blobs.Reads(blobId));
    }

    [Fact]
    public async Task A_resumed_assignment_ends_bit_identical_to_one_trained_straight_through()
    {
        var worker = StartWorker(RemoteStore());
        var straight = TestJobs.Assignment("t-0001.r0.x0#1", toEpoch: 4, checkpointId: "ckpt/job-1/straight");
        var firstHalf = TestJobs.Assignment("t-0001.r0.x0#2", toEpoch: 2, checkpointId: "ckpt/job-1/half");
        var secondHalf = TestJobs.Assignment("t-0001.r0.x0#3", fromEpoch: 2, toEpoch: 4, resume: "ckpt/job-1/half", checkpointId: "ckpt/job-1/resumed");

        var results = new List<AttemptFinished>();
        var streamed = new List<int>();
        foreach (var assignment in new[] { straight, firstHalf, secondHalf })
        {
            // As the coordinator does: an assignment only in answer to the slot's request.
            Next<RequestWork>();
            Assign(worker, assignment);
            var (epochs, finished) = UntilFinished(assignment.AttemptId);
            streamed = [.. epochs.Select(e => e.Epoch.Epoch)];
            results.Add(finished);
            Acknowledge(finished);
        }

        Assert.Equal([3, 4], streamed);
        Assert.All(results, r => Assert.Equal(AttemptOutcome.Completed, r.Outcome));
        Assert.Equal(results[0].History, results[2].History);
        var a = TestJobs.Contents((await Folder.GetAsync("ckpt/job-1/straight"))!);
        var b = TestJobs.Contents((await Folder.GetAsync("ckpt/job-1/resumed"))!);
        Assert.Equal(4, b.Epochs);
        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.OptimizerState, b.OptimizerState);
        Assert.Equal(a.History, b.History);
    }

    [Fact]
    public async Task Leaving_gracefully_hands_back_the_last_completed_epoch_and_stops_asking()
    {
        var logs = CreateTestProbe();
        Sys.EventStream.SetLogLevel(Akka.Event.LogLevel.InfoLevel);
        Sys.EventStream.Subscribe(logs.Ref, typeof(Akka.Event.Info));
        var worker = StartWorker(RemoteStore());
        Coordinator.ExpectMsg<RequestWork>();
        // Epochs of a few hundred milliseconds: the leave comes early in epoch 3, which must not be waited for.
        var assignment = TestJobs.Assignment("t-0013.r0.x0#1", toEpoch: 50, specJson: TestJobs.SineSpec(length: 60_000));
        Assign(worker, assignment);
        Next<EpochDone>(where: e => e.Epoch.Epoch == 2);

        var left = worker.Ask<WorkerActor.LeftGracefully>(WorkerActor.LeaveGracefully.Instance, TimeSpan.FromSeconds(10));
        var handedBack = Coordinator.FishForMessage<ITunerMessage>(m => m is not RequestWork and not AttemptHeartbeat, TimeSpan.FromSeconds(10));
        // The runner resends the hand-back until the job acknowledges it, and only then stops.
        Assert.False(left.IsCompleted, "the worker left before its hand-back was acknowledged");
        Coordinator.LastSender.Tell(new AttemptReturnedAck(assignment.JobId, assignment.AttemptId), Coordinator.Ref);
        await left;
        Coordinator.ReceiveWhile(TimeSpan.FromMilliseconds(100), m => m as AttemptReturned); // resends sent before the ack

        Assert.Equal(new AttemptReturned(assignment.JobId, assignment.AttemptId, assignment.WorkId, 2,
            BlobProtocol.Ids.HandBack(assignment.JobId, assignment.WorkId, 2)), handedBack);
        var contents = TestJobs.Contents((await Folder.GetAsync("ckpt/job-1/t-0013.r0.x0@2"))!);
        Assert.Equal(2, contents.Epochs);
        Assert.Equal([1, 2], contents.History.Select(h => h.Item1));
        // Its log says a hand-back, not an attempt that "ended Cancelled … cancelled" (which read as a failure).
        var said = logs.ReceiveWhile(TimeSpan.FromMilliseconds(200), m => ((Akka.Event.Info)m).Message.ToString()).ToList();
        Assert.DoesNotContain(said, line => line!.Contains("ended", StringComparison.Ordinal));
        Assert.Contains($"Attempt t-0013.r0.x0#1 of job job-1 handed back at epoch 2 (the worker is stopping): its next attempt, on whichever worker takes it, " +
            $"resumes from {BlobProtocol.Ids.HandBack(assignment.JobId, assignment.WorkId, 2)}", said);
        // No more work requests, and assignments arriving now are handed back untouched.
        Coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(700));
        var late = TestJobs.Assignment("t-0003.r0.x0#1");
        Assign(worker, late);
        Assert.Equal(new AttemptReturned(late.JobId, late.AttemptId, late.WorkId, 0, null), Coordinator.ExpectMsg<AttemptReturned>());
    }

    [Fact]
    public async Task A_hand_back_is_resent_until_acknowledged_and_the_leave_waits_for_it_only_briefly()
    {
        var worker = StartWorker(RemoteStore());
        Coordinator.ExpectMsg<RequestWork>();
        var assignment = TestJobs.Assignment("t-0014.r0.x0#1", toEpoch: 50, specJson: TestJobs.SineSpec(length: 60_000));
        Assign(worker, assignment);
        Next<EpochDone>(where: e => e.Epoch.Epoch == 1);

        var left = worker.Ask<WorkerActor.LeftGracefully>(WorkerActor.LeaveGracefully.Instance, TimeSpan.FromSeconds(10));
        var first = Next<AttemptReturned>();
        Assert.Equal(first, Next<AttemptReturned>(TimeSpan.FromSeconds(2))); // resent: nobody acknowledged it
        // Never acknowledged (the coordinator is gone): the leave goes on after two resend intervals.
        var clock = Stopwatch.StartNew();
        await left;
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 2);
    }

    [Fact]
    public async Task Leaving_while_idle_or_before_the_first_epoch_answers_promptly()
    {
        var worker = StartWorker(Folder);
        await worker.Ask<WorkerActor.LeftGracefully>(WorkerActor.LeaveGracefully.Instance, TimeSpan.FromSeconds(3));

        // Before the first epoch: the resume checkpoint is still being read (held at the gate) when the leave comes.
        var gated = new CountingBlobStore(Folder) { Gate = new TaskCompletionSource() };
        var other = Sys.ActorOf(WorkerActor.Props(Settings(), Coordinator.Ref, gated), "other-worker");
        var resumed = TestJobs.Assignment("t-0004.r1.x0#1", fromEpoch: 2, toEpoch: 5000, resume: "ckpt/job-1/t-0004.r0.x0",
            specJson: TestJobs.SineSpec(length: 400));
        await Folder.PutAsync("ckpt/job-1/t-0004.r0.x0", TwoEpochCheckpoint());
        Assign(other, resumed);
        await AwaitConditionAsync(() => Task.FromResult(gated.Reads("ckpt/job-1/t-0004.r0.x0") == 1), TimeSpan.FromSeconds(5));
        await other.Ask<WorkerActor.LeftGracefully>(WorkerActor.LeaveGracefully.Instance, TimeSpan.FromSeconds(5));

        // Handed back where it started, from the checkpoint it was given: nothing trained, nothing lost.
        Assert.Equal(new AttemptReturned(resumed.JobId, resumed.AttemptId, resumed.WorkId, 2, resumed.ResumeCheckpoint), Next<AttemptReturned>());
    }

    [Fact]
    public async Task A_corrupt_resume_checkpoint_fails_the_attempt_clearly_and_the_worker_keeps_serving()
    {
        var good = TwoEpochCheckpoint();
        good[good.Length / 3] ^= 0x55;
        await Folder.PutAsync("ckpt/job-1/bad", good);
        var worker = StartWorker(RemoteStore());
        var broken = TestJobs.Assignment("t-0005.r1.x0#1", fromEpoch: 2, toEpoch: 4, resume: "ckpt/job-1/bad");

        Assign(worker, broken);
        var (epochs, failed) = UntilFinished(broken.AttemptId);

        Assert.Empty(epochs);
        Assert.Equal(AttemptOutcome.Failed, failed.Outcome);
        Assert.Equal("the resume checkpoint is unusable: checkpoint is corrupt (checksum mismatch)", failed.Error);
        Assert.Null(failed.CheckpointId);
        Assert.False(await Folder.GetAsync(broken.CheckpointId) is not null);
        Acknowledge(failed);

        Assert.Equal(0, Next<RequestWork>().Slots.Single().Slot);
        var next = TestJobs.Assignment("t-0006.r0.x0#1", toEpoch: 2);
        Assign(worker, next);
        Assert.Equal(AttemptOutcome.Completed, UntilFinished(next.AttemptId).Finished.Outcome);
    }

    [Fact]
    public void A_missing_resume_checkpoint_or_a_bad_spec_fails_the_attempt()
    {
        var worker = StartWorker(Folder, Settings(slots: 2));
        var missing = TestJobs.Assignment("t-0007.r1.x0#1", slot: 0, fromEpoch: 2, toEpoch: 4, resume: "ckpt/job-1/nowhere");
        var badSpec = TestJobs.Assignment("t-0008.r0.x0#1", slot: 1, specJson: "{\"name\": \"x\"}");

        Assign(worker, missing);
        Assign(worker, badSpec);
        var results = new[] { Next<AttemptFinished>(), Next<AttemptFinished>() }.ToDictionary(f => f.AttemptId);

        Assert.Equal(AttemptOutcome.Failed, results[missing.AttemptId].Outcome);
        Assert.Equal("the resume checkpoint ckpt/job-1/nowhere is not in the blob store", results[missing.AttemptId].Error);
        Assert.Equal(AttemptOutcome.Failed, results[badSpec.AttemptId].Outcome);
        Assert.Contains("data", results[badSpec.AttemptId].Error);
    }

    [Fact]
    public void An_assignment_for_a_busy_slot_is_handed_back_untouched_and_a_repeated_one_is_ignored()
    {
        var worker = StartWorker(Folder);
        var running = Long();
        Assign(worker, running);
        Next<EpochDone>();

        Assign(worker, running);
        var intruder = TestJobs.Assignment("t-0010.r1.x0#1", fromEpoch: 2, toEpoch: 4, resume: "ckpt/job-1/t-0010.r0.x0");
        Assign(worker, intruder);
        var strange = TestJobs.Assignment("t-0011.r0.x0#1", workerId: "someone-else");
        Assign(worker, strange);

        Assert.Equal(new AttemptReturned(intruder.JobId, intruder.AttemptId, intruder.WorkId, 2, "ckpt/job-1/t-0010.r0.x0"), Next<AttemptReturned>());
        Assert.Equal(strange.AttemptId, Next<AttemptReturned>().AttemptId);
        worker.Tell(new StopAttempt(running.JobId, running.AttemptId, "test over"), Coordinator.Ref);
        var (_, finished) = UntilFinished(running.AttemptId);
        Assert.Equal(AttemptOutcome.Cancelled, finished.Outcome);
        Coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void The_same_attempt_id_in_another_job_is_a_new_attempt()
    {
        // Attempt ids restart in every job (t-0001.r0.x0#1): a worker that ran one job must still run the next.
        var worker = StartWorker(Folder);
        var first = TestJobs.Assignment(toEpoch: 1, jobId: "job-1");
        Assign(worker, first);
        var (_, finished) = UntilFinished(first.AttemptId);
        Assert.Equal("job-1", finished.JobId);
        Acknowledge(finished);
        Next<RequestWork>(); // the slot is free again

        var second = TestJobs.Assignment(toEpoch: 1, jobId: "job-2");
        Assign(worker, second);
        (_, finished) = UntilFinished(second.AttemptId);
        Assert.Equal("job-2", finished.JobId);
        Assert.Equal(AttemptOutcome.Completed, finished.Outcome);

        // Acknowledgements reach the attempt of their own job only: job-1's ack leaves job-2's result resending.
        worker.Tell(new AttemptsFinishedAck("job-1", [second.AttemptId]), Coordinator.Ref);
        Next<AttemptFinished>(TimeSpan.FromSeconds(3), f => f.JobId == "job-2");
        Next<AttemptFinished>(TimeSpan.FromSeconds(3), f => f.JobId == "job-2");
        Acknowledge(finished);
        Assert.Equal(0, Next<RequestWork>(TimeSpan.FromSeconds(3)).Slots.Single().Slot);
    }

    [Fact]
    public async Task Storing_the_final_checkpoint_is_retried_and_reported_once_it_succeeds()
    {
        var blobs = new CountingBlobStore(Folder) { FailingPuts = 5 };
        var worker = StartWorker(blobs);
        var assignment = TestJobs.Assignment(toEpoch: 2);

        Assign(worker, assignment);
        var (_, finished) = UntilFinished(assignment.AttemptId);

        Assert.Equal(AttemptOutcome.Completed, finished.Outcome);
        Assert.Equal(assignment.CheckpointId, finished.CheckpointId);
        Assert.Equal(6, blobs.Puts);
        Assert.NotNull(await Folder.GetAsync(assignment.CheckpointId));
    }

    [Fact]
    public async Task A_database_outage_while_the_final_checkpoint_is_stored_is_waited_out_with_heartbeats()
    {
        // Down for longer than the old three tries two pauses apart; the retries go on, and so do the heartbeats that
        // keep the attempt the coordinator's current one.
        var blobs = new CountingBlobStore(Folder) { Down = true };
        var worker = StartWorker(blobs, Settings() with { HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        var assignment = TestJobs.Assignment(toEpoch: 2);
        Assign(worker, assignment);
        await AwaitConditionAsync(() => Task.FromResult(blobs.Puts >= 1), TimeSpan.FromSeconds(10));

        var during = Coordinator.ReceiveWhile(TimeSpan.FromSeconds(1.5), m => m).ToList();
        Assert.True(blobs.Puts >= 6, $"{blobs.Puts} tries in 1.5 s");
        Assert.True(during.OfType<AttemptHeartbeat>().Count() >= 10, string.Join(", ", during.Select(m => m.GetType().Name)));
        Assert.DoesNotContain(during, m => m is AttemptsFinished or AttemptReturned);
        blobs.Down = false;

        var finished = Next<AttemptFinished>();
        Assert.Equal(AttemptOutcome.Completed, finished.Outcome);
        Assert.Equal(assignment.CheckpointId, finished.CheckpointId);
        Assert.Equal(2, TestJobs.Contents((await Folder.GetAsync(assignment.CheckpointId))!).Epochs);
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_stored_within_the_retry_window_is_handed_back_not_failed()
    {
        var blobs = new CountingBlobStore(Folder) { FailingPuts = int.MaxValue };
        var settings = Settings() with { BlobRetry = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(600)) };
        var worker = StartWorker(blobs, settings);
        var assignment = TestJobs.Assignment("t-0003.r1.x0#2", fromEpoch: 1, toEpoch: 3, resume: "ckpt/job-1/t-0003.r0.x0");
        await Folder.PutAsync("ckpt/job-1/t-0003.r0.x0", Checkpoint(epochs: 1));

        Assign(worker, assignment);
        var handedBack = Next<AttemptReturned>();

        // The work goes back as it was assigned — from epoch 1 and its checkpoint — to be re-run: never a failed trial.
        Assert.Equal(new AttemptReturned(assignment.JobId, assignment.AttemptId, assignment.WorkId, 1, "ckpt/job-1/t-0003.r0.x0"), handedBack);
        Assert.InRange(blobs.Puts, 5, 20);
        Assert.Null(await Folder.GetAsync(assignment.CheckpointId));
        // Resent until the job acknowledges it (a coordinator that is itself waiting for the database answers late),
        // not dropped after two resends as a leaving worker's would be.
        for (int i = 0; i < 4; i++) Assert.Equal(handedBack, Next<AttemptReturned>(TimeSpan.FromSeconds(2)));
        Coordinator.LastSender.Tell(new AttemptReturnedAck(assignment.JobId, assignment.AttemptId), Coordinator.Ref);
        Assert.Equal(0, Next<RequestWork>(TimeSpan.FromSeconds(3)).Slots.Single().Slot);
    }

    [Fact]
    public async Task An_attempt_stopped_while_it_waits_to_store_its_checkpoint_ends_cancelled_and_stores_nothing()
    {
        var blobs = new CountingBlobStore(Folder) { Down = true };
        var worker = StartWorker(blobs);
        var assignment = TestJobs.Assignment(toEpoch: 2);
        Assign(worker, assignment);
        await AwaitConditionAsync(() => Task.FromResult(blobs.Puts >= 2), TimeSpan.FromSeconds(10));

        worker.Tell(new StopAttempt(assignment.JobId, assignment.AttemptId, "job cancelled"), Coordinator.Ref);
        var (epochs, finished) = UntilFinished(assignment.AttemptId);
        var tries = blobs.Puts;
        blobs.Down = false;

        Assert.Equal(AttemptOutcome.Cancelled, finished.Outcome);
        Assert.Equal("stopped while storing its checkpoint: job cancelled", finished.Error);
        Assert.Null(finished.CheckpointId);
        Assert.Equal([1, 2], finished.History.Select(e => e.Epoch));
        await Task.Delay(400);
        Assert.Equal(tries, blobs.Puts); // no try after the stop
        Assert.Null(await Folder.GetAsync(assignment.CheckpointId));
    }

    [Fact]
    public async Task Reading_the_resume_checkpoint_or_the_dataset_is_retried_while_the_database_is_down()
    {
        var csv = Encoding.UTF8.GetBytes(TestJobs.CsvText());
        var blobId = TestJobs.DatasetId(csv);
        await Folder.PutAsync(blobId, csv);
        await Folder.PutAsync("ckpt/job-1/t-0005.r0.x0", Checkpoint(epochs: 2, TestJobs.CsvSpec(), csv));
        var blobs = new CountingBlobStore(Folder) { FailingGets = 6 };
        var worker = StartWorker(blobs);
        var resumed = TestJobs.Assignment("t-0005.r1.x0#1", fromEpoch: 2, toEpoch: 3, resume: "ckpt/job-1/t-0005.r0.x0",
            specJson: TestJobs.CsvSpec(), dataBlob: blobId);

        Assign(worker, resumed);
        var (epochs, finished) = UntilFinished(resumed.AttemptId);

        Assert.Equal(AttemptOutcome.Completed, finished.Outcome);
        Assert.Equal([3], epochs.Select(e => e.Epoch.Epoch));
        Assert.Equal(8, blobs.Gets); // six failures, then the dataset and the checkpoint
    }

    [Fact]
    public async Task A_dataset_that_stays_unreadable_for_the_retry_window_hands_the_attempt_back_untouched()
    {
        var csv = Encoding.UTF8.GetBytes(TestJobs.CsvText());
        var blobId = TestJobs.DatasetId(csv);
        await Folder.PutAsync(blobId, csv);
        var blobs = new CountingBlobStore(Folder) { Down = true };
        var settings = Settings() with { BlobRetry = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)) };
        var worker = StartWorker(blobs, settings);
        var assignment = TestJobs.Assignment(toEpoch: 2, specJson: TestJobs.CsvSpec(), dataBlob: blobId);

        Assign(worker, assignment);

        Assert.Equal(new AttemptReturned(assignment.JobId, assignment.AttemptId, assignment.WorkId, 0, null), Next<AttemptReturned>());
        Assert.True(blobs.Reads(blobId) >= 4, $"{blobs.Reads(blobId)} reads");
        Coordinator.LastSender.Tell(new AttemptReturnedAck(assignment.JobId, assignment.AttemptId), Coordinator.Ref);

        // The database is back: the next assignment of the same work reads the dataset and trains.
        blobs.Down = false;
        Assert.Equal(0, Next<RequestWork>(TimeSpan.FromSeconds(3)).Slots.Single().Slot);
        var again = TestJobs.Assignment("t-0001.r0.x0#2", toEpoch: 2, specJson: TestJobs.CsvSpec(), dataBlob: blobId);
        Assign(worker, again);
        Assert.Equal(AttemptOutcome.Completed, UntilFinished(again.AttemptId).Finished.Outcome);
    }

    [Fact]
    public async Task An_assignment_resuming_at_its_last_epoch_stores_its_checkpoint_and_finishes_at_once()
    {
        // A hand-back of the last epoch (FromEpoch == ToEpoch): nothing to train, the result is the checkpoint's.
        var two = Checkpoint(epochs: 2);
        await Folder.PutAsync("ckpt/job-1/t-0006.r0.x0@2", two);
        var worker = StartWorker(RemoteStore());
        var last = TestJobs.Assignment("t-0006.r0.x0#2", fromEpoch: 2, toEpoch: 2, resume: "ckpt/job-1/t-0006.r0.x0@2");

        Assign(worker, last);
        var (epochs, finished) = UntilFinished(last.AttemptId);

        Assert.Empty(epochs);
        Assert.Equal(AttemptOutcome.Completed, finished.Outcome);
        Assert.Equal(TestJobs.Contents(two).History.Select(h => h.Item1), finished.History.Select(e => e.Epoch));
        Assert.Equal(last.CheckpointId, finished.CheckpointId);
        var stored = TestJobs.Contents((await Folder.GetAsync(last.CheckpointId))!);
        Assert.Equal(TestJobs.Contents(two).Weights, stored.Weights);
        Assert.Equal(2, stored.Epochs);
    }

    [Fact]
    public void A_worker_stopped_without_leaving_hands_its_attempts_back_untouched()
    {
        var worker = StartWorker(Folder);
        var assignment = Long();
        Assign(worker, assignment);
        Next<EpochDone>();

        Sys.Stop(worker);

        Assert.Equal(new AttemptReturned(assignment.JobId, assignment.AttemptId, assignment.WorkId, 0, null), Next<AttemptReturned>());
    }

    private static byte[] TwoEpochCheckpoint() => Checkpoint(epochs: 2);

    /// <summary>The state after <paramref name="epochs"/> epochs of the test configuration on <paramref name="specJson"/>'s
    /// data (a csv spec trains on <paramref name="csv"/>).</summary>
    private static byte[] Checkpoint(int epochs, string? specJson = null, byte[]? csv = null)
    {
        var spec = AssignmentSpec.Parse(specJson ?? TestJobs.SineSpec());
        if (csv is not null && spec.Data is Tuner.Contracts.Jobs.CsvDataSpec data)
            spec = spec with { Data = data with { Content = Encoding.UTF8.GetString(csv), Path = null } };
        var plan = new TrialPlan(spec, TestJobs.Configuration(), 11, 0, epochs);
        return new TrialTrainer(plan, Tuner.Training.JobData.Prepare(spec)).Run().Checkpoint!.Bytes;
    }
}
