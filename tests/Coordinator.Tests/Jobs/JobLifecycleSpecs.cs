using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Time.Testing;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Coordinator.Tests.Support;
using Tuner.Runtime.Membership;
using Tuner.Tests.Shared;
using Xunit.Abstractions;
using static Tuner.Contracts.Protocol.JobProtocol;
using static Tuner.Contracts.Protocol.TrialProtocol;
using static Tuner.Contracts.Protocol.WorkProtocol;

namespace Tuner.Coordinator.Tests.Jobs;

/// <summary>A job from submission to its end, driven by probe workers, against a real journal (SQLite and PostgreSQL).</summary>
public sealed class JobLifecycleSpecs(ITestOutputHelper output)
{
    public static TheoryData<string> Databases => TestDatabases.Both;

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_hyperband_job_runs_exactly_the_schedule_trial_counts_and_epochs_per_round(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Hyperband(maxEpochs: 9));
        var schedule = HyperbandSchedule.Create(9, 3);
        var workItems = schedule.Brackets.Sum(b => b.Rounds.Sum(r => r.Trials));

        var done = h.Worker("w1").RunMany(workItems);

        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(JobStatuses.Completed, summary.Status);
        Assert.Equal(schedule.TotalEpochs, summary.EpochsTrained);
        Assert.Equal(schedule.TotalEpochs, summary.EpochsPlanned);
        Assert.Equal(schedule.TotalTrials, summary.TrialsStarted);
        Assert.Equal(summary.TrialsStarted, summary.TrialsFinished);
        Assert.Empty(summary.Running);

        var results = h.Results(jobId);
        Assert.Equal(schedule.TotalEpochs, results.TotalEpochs);
        Assert.Equal(schedule.TotalTrials, results.Trials.Count);
        // Per bracket and round: n_i trials, each trained from r_{i-1} to r_i epochs (resuming its own checkpoint).
        var bracketOf = results.Trials.ToDictionary(t => t.TrialId, t => t.Bracket!.Value);
        foreach (var bracket in schedule.Brackets)
        {
            for (var round = 0; round < bracket.Rounds.Count; round++)
            {
                var work = done.Where(a => bracketOf[a.TrialId] == bracket.Bracket && a.WorkId.Contains($".r{round}.")).ToList();
                Assert.Equal(bracket.Rounds[round].Trials, work.Count);
                var from = round == 0 ? 0 : bracket.Rounds[round - 1].Epochs;
                Assert.All(work, a =>
                {
                    Assert.Equal(from, a.FromEpoch);
                    Assert.Equal(bracket.Rounds[round].Epochs, a.ToEpoch);
                    Assert.Equal(round == 0 ? null : BlobProtocol.Ids.Checkpoint(jobId, a.WorkId.Replace($".r{round}.", $".r{round - 1}.")), a.ResumeCheckpoint);
                    Assert.Equal(BlobProtocol.Ids.Checkpoint(jobId, a.WorkId), a.CheckpointId);
                    Assert.EndsWith("#1", a.AttemptId);
                });
            }
        }
        Assert.All(results.Trials, t => Assert.Contains(t.Status, new[] { "completed", "stopped" }));
        Assert.All(results.Trials, t => Assert.Equal("w1", t.Worker));
        Assert.NotNull(results.Best);
        Assert.Equal(summary.BestTrialId, results.Best!.TrialId);
        Assert.StartsWith($"ckpt/{jobId}/{results.Best.TrialId}.", results.Best.Checkpoint);

        // The job is over: a free worker gets nothing more.
        var idle = h.Worker("w2");
        idle.Request();
        idle.Probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Trials_report_worker_seconds_and_history_in_the_results(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 2, epochs: 2));
        var worker = h.Worker("w1");
        var a = worker.Take();
        worker.Epochs(a, 2, seconds: 0.25);
        var running = h.AwaitSummary(jobId, s => s.Running.Count == 1 && s.Running[0].Epoch == 2);
        Assert.Equal(new RunningTrial(a.TrialId, a.WorkId, "w1", 2, 0, 2, TestJobs.Epoch(a.TrialId, 2).ValLoss, TestJobs.Epoch(a.TrialId, 2).ValLoss,
            Round: null, Bracket: running.Running[0].Bracket, Execution: 0, a.Hyperparameters), running.Running[0]);
        var partial = h.Results(jobId);
        Assert.Equal("running", partial.Trials[0].Status);
        Assert.Equal(0.5, partial.Trials[0].Seconds, 6);
        Assert.Equal(2, partial.TotalEpochs);

        worker.Finish(a, seconds: 0.75);
        var b = worker.Take();
        worker.Run(b);
        var results = h.Results(jobId);
        Assert.Equal("completed", results.Status);
        Assert.Equal(0.75, results.Trials[0].Seconds, 6);
        Assert.Equal([TestJobs.Epoch(a.TrialId, 1), TestJobs.Epoch(a.TrialId, 2)], results.Trials[0].History);
        Assert.Equal(TestJobs.Epoch(a.TrialId, 2).ValLoss, results.Trials[0].ValLoss);
        Assert.Equal(TestJobs.Epoch(a.TrialId, 2).Loss, results.Trials[0].Loss);
        Assert.Null(results.Trials[0].Round);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Duplicate_and_stale_results_are_acknowledged_and_never_double_counted(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 2, epochs: 2));
        var w1 = h.Worker("w1");
        var first = w1.Take();
        w1.Run(first);
        var before = TestJobs.Json(h.Results(jobId));

        // The same AttemptFinished again (the ack was lost): acknowledged, nothing changes.
        w1.Finish(first);
        w1.Finish(first, AttemptOutcome.Failed, error: "late and wrong");
        Assert.Equal(before, TestJobs.Json(h.Results(jobId)));

        // A stale attempt: w2's attempt is superseded after w2 dies; its late reports are ignored.
        var w2 = h.Worker("w2");
        var second = w2.Take();
        w2.Epochs(second, 1);
        h.AwaitSummary(jobId, s => s.EpochsTrained == 3);
        h.Sys.Stop(w2.Probe.Ref);
        var w3 = h.Worker("w3");
        var retry = w3.Take();
        Assert.Equal(second.WorkId, retry.WorkId);
        Assert.EndsWith("#2", retry.AttemptId);

        var late = FakeWorker.FinishedMessage(second, seconds: 99);
        var lateEpoch = new EpochDone(jobId, second.AttemptId, second.WorkId, new(2, 1e-9, 1e-9), 99);
        w3.Tell(lateEpoch);
        w3.Probe.ExpectMsg<StopAttempt>(s => s.AttemptId == second.AttemptId);
        w3.Tell(late);
        w3.ExpectAck(second.AttemptId);

        w3.Run(retry);
        w3.Finish(retry); // and a duplicate of the current one
        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(4, summary.EpochsTrained);
        var results = h.Results(jobId);
        Assert.Equal(2, results.Trials.Count);
        Assert.All(results.Trials, t => Assert.Equal(2, t.History.Count));
        Assert.DoesNotContain(results.Trials, t => t.ValLoss < 1e-6);
        Assert.Equal("w3", results.Trials[1].Worker);
        Assert.Equal(1.5, results.Trials[1].Seconds, 6); // the abandoned attempt's seconds are not counted
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_worker_that_dies_has_its_attempt_rerun_from_the_right_checkpoint(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Hyperband());
        var w1 = h.Worker("w1");
        // Bracket 1, round 0: three one-epoch trials; then the best one is promoted to 3 epochs from its checkpoint.
        w1.RunMany(3);
        var promoted = w1.Take();
        Assert.Contains(".r1.", promoted.WorkId);
        Assert.Equal(1, promoted.FromEpoch);
        Assert.Equal(BlobProtocol.Ids.Checkpoint(jobId, promoted.WorkId.Replace(".r1.", ".r0.")), promoted.ResumeCheckpoint);
        w1.Epochs(promoted, 2);
        h.AwaitSummary(jobId, s => s.Running.Count == 1 && s.Running[0].Epoch == 2);

        h.Sys.Stop(w1.Probe.Ref); // DeathWatch: the job sees the worker terminate
        // Wait for the requeue: a request racing the Terminated would be offered the next new trial instead.
        h.AwaitSummary(jobId, s => s.Running.Count == 0);

        var w2 = h.Worker("w2");
        var rerun = w2.Take();
        Assert.Equal(promoted.WorkId, rerun.WorkId);
        Assert.Equal(promoted.WorkId + "#2", rerun.AttemptId);
        Assert.Equal(promoted.ResumeCheckpoint, rerun.ResumeCheckpoint); // no hand-back: the item's own starting checkpoint
        Assert.Equal(1, rerun.FromEpoch);
        Assert.Equal(3, rerun.ToEpoch);
        Assert.Equal("w2", rerun.WorkerId);
        w2.Run(rerun);
        w2.RunMany(2);
        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(JobStatuses.Completed, summary.Status);
        Assert.Equal(11, summary.EpochsTrained);
        var trial = h.Results(jobId).Trials.Single(t => t.TrialId == promoted.TrialId);
        Assert.Equal(3, trial.History.Count);
        Assert.Equal("completed", trial.Status);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_worker_s_idle_slots_are_filled_in_one_batch_and_its_results_recorded_in_one(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 3, epochs: 2));
        var w1 = h.Worker("w1");
        w1.Request(0, 1, 2, 3);

        // As many attempts as the search has work for, in one message, one slot each; the fourth slot stays idle.
        var batch = w1.Probe.ExpectMsg<TrialAssignments>(JobHarness.Timeout).Assignments;
        Assert.Equal([0, 1, 2], batch.Select(a => a.Slot).Order());
        Assert.Equal(3, batch.Select(a => a.WorkId).Distinct().Count());
        w1.Probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // Results in one batch, one with its checkpoint inline: acknowledged together once recorded, the inline
        // checkpoint stored under its id first.
        byte[] inline = [1, 2, 3, 5, 8];
        var reports = batch.Select(a => FakeWorker.FinishedMessage(a)).ToList();
        reports[1] = reports[1] with { InlineCheckpoint = inline };
        w1.Tell(new AttemptsFinished("w1", reports.ToValueList()));
        var ack = w1.Probe.ExpectMsg<AttemptsFinishedAck>(JobHarness.Timeout);
        Assert.Equal(batch.Select(a => a.AttemptId).Order(), ack.AttemptIds.Order());
        Assert.Equal(inline, await h.Blobs.GetAsync(batch[1].CheckpointId));

        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(JobStatuses.Completed, summary.Status);
        Assert.Equal(3, summary.TrialsFinished);
        Assert.Equal(6, summary.EpochsTrained);

        // A resend of the same batch is acknowledged again and changes nothing.
        w1.Tell(new AttemptsFinished("w1", reports.ToValueList()));
        Assert.Equal(3, w1.Probe.ExpectMsg<AttemptsFinishedAck>(JobHarness.Timeout).AttemptIds.Count);
        Assert.Equal(6, h.Results(jobId).TotalEpochs);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_handed_back_attempt_resumes_at_the_handed_back_epoch(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 1, epochs: 3));
        var w1 = h.Worker("w1");
        var a = w1.Take();
        w1.Epochs(a, 2, seconds: 0.5);
        var handBack = BlobProtocol.Ids.HandBack(jobId, a.WorkId, 2);
        w1.Tell(new AttemptReturned(jobId, a.AttemptId, a.WorkId, 2, handBack));
        // Acknowledged once recorded: the worker's runner stops only then.
        Assert.Equal(a.AttemptId, w1.Probe.ExpectMsg<AttemptReturnedAck>().AttemptId);

        var w2 = h.Worker("w2");
        var b = w2.Take();
        Assert.Equal(a.WorkId, b.WorkId);
        Assert.Equal(a.WorkId + "#2", b.AttemptId);
        Assert.Equal(2, b.FromEpoch);
        Assert.Equal(3, b.ToEpoch);
        Assert.Equal(handBack, b.ResumeCheckpoint);
        Assert.Equal(a.CheckpointId, b.CheckpointId);

        w2.Epochs(b, 3, seconds: 0.5);
        // The new attempt's history starts at the checkpoint; the job keeps the earlier epochs.
        w2.Tell(new AttemptFinished(jobId, b.AttemptId, b.WorkId, AttemptOutcome.Completed, [TestJobs.Epoch(b.TrialId, 3)], null, b.CheckpointId, 0.5));
        w2.ExpectAck(b.AttemptId);
        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(3, summary.EpochsTrained);
        var trial = h.Results(jobId).Trials.Single();
        Assert.Equal([1, 2, 3], trial.History.Select(e => e.Epoch));
        Assert.Equal(1.5, trial.Seconds, 6); // two epochs before the hand-back, one after
        Assert.Equal("w2", trial.Worker);
        Assert.Equal(BlobProtocol.Ids.Checkpoint(jobId, a.WorkId), h.Results(jobId).Best!.Checkpoint);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_hand_back_that_crosses_a_cancel_is_acknowledged_and_the_job_ends_cancelled_with_nothing_dispatched_again(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 3, epochs: 3));
        var w1 = h.Worker("w1");
        var a = w1.Take();
        w1.Epochs(a, 2);
        h.AwaitSummary(jobId, s => s.EpochsTrained == 2);

        var canceller = h.Kit.CreateTestProbe();
        h.Manager.Tell(new CancelJob(jobId), canceller);
        canceller.ExpectMsg<CancelAccepted>();
        w1.Probe.ExpectMsg<StopAttempt>(s => s.AttemptId == a.AttemptId);
        // The worker was leaving: it answers the stop with its hand-back, not a result.
        var handBack = BlobProtocol.Ids.HandBack(jobId, a.WorkId, 2);
        w1.Tell(new AttemptReturned(jobId, a.AttemptId, a.WorkId, 2, handBack));
        Assert.Equal(a.AttemptId, w1.Probe.ExpectMsg<AttemptReturnedAck>().AttemptId);

        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(JobStatuses.Cancelled, summary.Status);
        Assert.Equal(2, summary.EpochsTrained);
        var results = h.Results(jobId);
        Assert.Equal(["cancelled"], results.Trials.Select(t => t.Status));
        Assert.Equal([1, 2], results.Trials.Single().History.Select(e => e.Epoch));
        Assert.Equal(2, results.TotalEpochs);

        // Nothing is re-dispatched: not the handed-back trial, not a new one.
        var w2 = h.Worker("w2");
        w2.Request();
        w2.Probe.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_job_cancelled_before_any_trial_finished_keeps_the_best_of_its_cancelled_trials(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 3, epochs: 3));
        var w1 = h.Worker("w1");
        var a = w1.Take();
        w1.Epochs(a, 2);
        Assert.Equal(a.TrialId, h.AwaitSummary(jobId, s => s.EpochsTrained == 2).BestTrialId); // its best while it ran

        var canceller = h.Kit.CreateTestProbe();
        h.Manager.Tell(new CancelJob(jobId), canceller);
        Assert.Equal(JobStatuses.Cancelling, canceller.ExpectMsg<CancelAccepted>().Status);
        w1.Probe.ExpectMsg<StopAttempt>(s => s.AttemptId == a.AttemptId);
        w1.Finish(a, AttemptOutcome.Cancelled, lastEpoch: 2);

        // The best so far survives the cancel (it became null: a cancelled trial was never ranked).
        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(JobStatuses.Cancelled, summary.Status);
        Assert.Equal(a.TrialId, summary.BestTrialId);
        var results = h.Results(jobId);
        Assert.Equal(["cancelled"], results.Trials.Select(t => t.Status));
        Assert.Equal(a.TrialId, results.Best!.TrialId);
        Assert.Equal(2, results.Best.Epochs);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Cancelling_a_job_with_nothing_running_ends_it_and_says_cancelled(string db)
    {
        // docs/api.md: 200 "cancelled" when no trial was running; it answered "cancelling" (202), then ended a moment later.
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 3, epochs: 2));
        var canceller = h.Kit.CreateTestProbe();
        h.Manager.Tell(new CancelJob(jobId), canceller);
        Assert.Equal(JobStatuses.Cancelled, canceller.ExpectMsg<CancelAccepted>().Status);
        Assert.Equal(JobStatuses.Cancelled, h.Summary(jobId).Status);
        h.RestartManager();
        Assert.Equal(JobStatuses.Cancelled, h.AwaitSummary(jobId, s => s.IsFinal).Status);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Cancel_stops_running_attempts_and_keeps_the_results_so_far(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 5, epochs: 3));
        var w1 = h.Worker("w1");
        var w2 = h.Worker("w2");
        var done = w1.Take();
        w1.Run(done);
        var a = w1.Take();
        var b = w2.Take();
        w1.Epochs(a, 1);
        h.AwaitSummary(jobId, s => s.EpochsTrained == 4);

        var canceller = h.Kit.CreateTestProbe();
        h.Manager.Tell(new CancelJob(jobId), canceller);
        Assert.Equal(JobStatuses.Cancelling, canceller.ExpectMsg<CancelAccepted>().Status);
        w1.Probe.ExpectMsg<StopAttempt>(s => s.AttemptId == a.AttemptId);
        w2.Probe.ExpectMsg<StopAttempt>(s => s.AttemptId == b.AttemptId);
        Assert.Equal(JobStatuses.Running, h.Summary(jobId).Status); // until the attempts end

        w1.Finish(a, AttemptOutcome.Cancelled, lastEpoch: 1);
        w2.Finish(b, AttemptOutcome.Cancelled, lastEpoch: 0);
        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(JobStatuses.Cancelled, summary.Status);
        Assert.Equal(4, summary.EpochsTrained);

        var results = h.Results(jobId);
        Assert.Equal("cancelled", results.Status);
        Assert.Equal(["completed", "cancelled", "cancelled"], results.Trials.Select(t => t.Status));
        Assert.Equal(3, results.Trials[0].History.Count);
        Assert.Single(results.Trials[1].History);
        Assert.Equal(done.TrialId, results.Best!.TrialId);

        // Cancelling again is harmless and says the job has ended; no more work is handed out.
        h.Manager.Tell(new CancelJob(jobId), canceller);
        Assert.Equal(JobStatuses.Cancelled, canceller.ExpectMsg<CancelAccepted>().Status);
        w2.Request();
        w2.Probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Two_jobs_share_one_worker_fairly(string db)
    {
        using var h = JobHarness.Start(db, output);
        var first = h.Submit(TestJobs.Random("first", trials: 4, epochs: 1));
        var second = h.Submit(TestJobs.Random("second", trials: 4, epochs: 1));
        var worker = h.Worker("w1");
        var jobs = worker.RunMany(8).Select(a => a.JobId).ToList();
        Assert.Equal([first, second, first, second, first, second, first, second], jobs);
        h.AwaitSummary(first, s => s.IsFinal);
        h.AwaitSummary(second, s => s.IsFinal);
        var list = h.Ask<JobList>(GetJobs.Instance).Jobs;
        Assert.Equal([second, first], list.Select(j => j.Id)); // newest first
        Assert.All(list, j => Assert.Equal(JobStatuses.Completed, j.Status));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_worker_with_several_slots_gets_one_attempt_per_slot_and_a_repeated_request_is_not_served_twice(string db)
    {
        using var h = JobHarness.Start(db, output);
        h.Submit(TestJobs.Random(trials: 5, epochs: 1));
        var worker = h.Worker("w1");
        worker.Request(0);
        worker.Request(1);
        worker.Request(1);
        var slots = new[] { worker.ExpectAssignment(), worker.ExpectAssignment() }.Select(a => a.Slot).Order().ToList();
        Assert.Equal([0, 1], slots);
        worker.Probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_repeated_request_that_crossed_the_assignment_to_its_slot_gets_no_second_trial(string db)
    {
        using var h = JobHarness.Start(db, output);
        h.Submit(TestJobs.Random(trials: 5, epochs: 1));
        var worker = h.Worker("w1");
        var first = worker.Take();
        // The worker's repeat for slot 0, sent before the assignment reached it: it has received none yet.
        h.Manager.Tell(new RequestWork("w1", [new SlotRequest(0, 0)]), worker.Probe.Ref);
        worker.Probe.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        // Once the slot has run its attempt, its request (one assignment received) is served.
        worker.Run(first);
        var second = worker.Take();
        Assert.NotEqual(first.TrialId, second.TrialId);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Subscribers_get_every_change_and_the_final_summary(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 1, epochs: 2));
        var subscriber = h.Kit.CreateTestProbe();
        h.Manager.Tell(new SubscribeJob(jobId), subscriber);
        Assert.Equal(0, subscriber.ExpectMsg<JobSummary>().TrialsStarted);
        var worker = h.Worker("w1");
        var a = worker.Take();
        Assert.Single(subscriber.ExpectMsg<JobSummary>().Running);
        worker.Epochs(a, 1);
        Assert.Equal(1, subscriber.ExpectMsg<JobSummary>().EpochsTrained);
        worker.Epochs(a, 2);
        Assert.Equal(2, subscriber.ExpectMsg<JobSummary>().EpochsTrained);
        worker.Finish(a);
        var last = subscriber.FishForMessage<JobSummary>(s => s.IsFinal);
        Assert.Equal(JobStatuses.Completed, last.Status);
        subscriber.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>A trial that kills every worker it is given (a crash, or the kernel's OOM killer) is given up after
    /// <see cref="CoordinatorSettings.LostAttemptsPerTrial"/> (five), with why; the search goes on.</summary>
    [Fact]
    public void A_trial_that_takes_down_each_worker_it_is_given_fails_after_five_and_the_job_goes_on()
    {
        using var h = JobHarness.Start(TestDatabases.Sqlite, output);
        var jobId = h.Submit(TestJobs.Random(trials: 2, epochs: 1));
        string? poisoned = null;
        Assert.Equal(5, h.Settings.LostAttemptsPerTrial);
        for (var i = 1; i <= 5; i++)
        {
            var worker = h.Worker($"w{i}");
            var a = worker.Take();
            poisoned ??= a.TrialId;
            Assert.Equal(poisoned, a.TrialId);
            h.Sys.Stop(worker.Probe.Ref); // DeathWatch: the job sees the worker terminate
            h.AwaitSummary(jobId, s => s.Running.Count == 0);
        }
        var survivor = h.Worker("w6");
        var next = survivor.Take();
        Assert.NotEqual(poisoned, next.TrialId);
        survivor.Run(next);
        Assert.Equal(JobStatuses.Completed, h.AwaitSummary(jobId, s => s.IsFinal).Status);
        var failed = h.Results(jobId).Trials.Single(t => t.TrialId == poisoned);
        Assert.Equal("failed", failed.Status);
        Assert.Contains("its worker was lost 5 times in a row while training it (the last time: worker terminated)", failed.Error);
    }

    /// <summary>A job actor whose journal write fails is stopped and started again by its supervisor (one that throws is
    /// restarted): those following the job — `tuner run`, the event stream — keep getting its summaries.</summary>
    [Fact]
    public async Task A_subscription_outlives_the_job_actor_it_was_made_with()
    {
        using var h = JobHarness.Start(TestDatabases.Sqlite, output, s => s with { JobRestartMinBackoff = TimeSpan.FromMilliseconds(100) });
        var jobId = h.Submit(TestJobs.Random(trials: 1, epochs: 2));
        var subscriber = h.Kit.CreateTestProbe();
        h.Manager.Tell(new SubscribeJob(jobId), subscriber);
        subscriber.ExpectMsg<JobSummary>();
        var worker = h.Worker("w1");
        var first = worker.Take();
        subscriber.FishForMessage<JobSummary>(s => s.Running.Count == 1);

        (await h.JobActor(jobId).ResolveOne(JobHarness.Timeout)).Tell(Kill.Instance); // stopped, as a failed write stops it

        var again = worker.Take(); // the restarted job requeues the attempt it cannot vouch for
        Assert.Equal(first.WorkId + "#2", again.AttemptId);
        worker.Run(again);
        var last = subscriber.FishForMessage<JobSummary>(s => s.IsFinal);
        Assert.Equal(JobStatuses.Completed, last.Status);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void An_unreachable_member_has_its_workers_attempts_requeued(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 2, epochs: 1));
        var w1 = h.Worker("w1");
        var a = w1.Take();
        foreach (var job in new[] { h.JobActor(jobId) })
            job.Tell(new JobInternalProtocol.WorkerUnreachable(w1.Probe.Ref.Path.Address));
        var w2 = h.Worker("w2");
        var b = w2.Take();
        Assert.Equal(a.WorkId + "#2", b.AttemptId);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_member_unreachable_to_another_node_keeps_its_attempts_while_this_node_hears_it(string db)
    {
        // A worker restarted at its old address, or a link broken between two workers, makes the cluster mark a healthy
        // worker unreachable: the coordinator still hears it, and its trial must not be requeued (its epochs thrown away).
        var own = OwnDetection.Available;
        using var h = JobHarness.Start(db, output, s => s with { OwnDetection = (_, _) => own });
        var jobId = h.Submit(TestJobs.Random(trials: 2, epochs: 1));
        var a = h.Worker("w1").Take();
        var address = ((ExtendedActorSystem)h.Sys).Provider.DefaultAddress;
        h.Manager.Tell(new ClusterEvent.UnreachableMember(ClusterMembers.At(address)));

        var b = h.Worker("w2").Take();
        Assert.NotEqual(a.WorkId, b.WorkId);
        Assert.Equal(2, h.Summary(jobId).Running.Count);

        own = OwnDetection.Unavailable; // now this node does not hear it either: requeued at the next look
        h.AwaitSummary(jobId, s => s.Running.Count == 0); // every probe shares the test system's address
        Assert.Contains(h.Worker("w3").Take().AttemptId, new[] { a.WorkId + "#2", b.WorkId + "#2" });
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void An_attempt_never_heard_from_is_requeued_while_heartbeats_keep_another_alive(string db)
    {
        // The job's clock is virtual: its silence checks (every 15 s of a 60 s timeout) come when the test moves it.
        var clock = new FakeTimeProvider();
        using var h = JobHarness.Start(db, output, s => s with { SilenceTimeout = TimeSpan.FromSeconds(60), Clock = clock });
        var jobId = h.Submit(TestJobs.Random(trials: 2, epochs: 1));
        var silent = h.Worker("w1").Take(); // as if the assignment had been lost on its way: w1 never says a word
        var w2 = h.Worker("w2");
        var alive = w2.Take();
        for (var i = 0; i < 5; i++) // 75 s, more than the timeout; a heartbeat before every check
        {
            w2.Tell(new AttemptHeartbeat(jobId, alive.AttemptId, "w2", 0));
            h.Summary(jobId);              // the job has the heartbeat …
            clock.Advance(TimeSpan.FromSeconds(15));
            h.AwaitAttemptWatcher(jobId);  // … and its attempt watcher the check that came after it
        }

        var w3 = h.Worker("w3");
        var again = w3.Take();
        Assert.Equal(silent.WorkId + "#2", again.AttemptId); // the silent attempt was requeued …
        w2.Run(alive);                                        // … the one that kept talking still counts
        w3.Run(again);
        var final = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(2, final.TrialsFinished);
        var trials = h.Results(jobId).Trials;
        Assert.Equal("w2", trials.Single(t => t.TrialId == alive.TrialId).Worker);
        Assert.Equal("w3", trials.Single(t => t.TrialId == silent.TrialId).Worker);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Messages_for_unknown_jobs_are_answered_or_dropped(string db)
    {
        using var h = JobHarness.Start(db, output);
        var probe = h.Kit.CreateTestProbe();
        foreach (var query in new object[] { new GetJob("nope"), new GetResults("nope"), new CancelJob("nope"), new SubscribeJob("nope") })
        {
            h.Manager.Tell(query, probe);
            Assert.Equal("nope", probe.ExpectMsg<JobNotFound>().JobId);
        }
        h.Manager.Tell(new AttemptsFinished("w", [new AttemptFinished("nope", "x#1", "x", AttemptOutcome.Completed, [], null, null, 1)]), probe);
        Assert.Equal(["x#1"], probe.ExpectMsg<AttemptsFinishedAck>(ack => ack.JobId == "nope").AttemptIds);
        h.Manager.Tell(new EpochDone("nope", "x#1", "x", new(1, 1, 1), 1), probe);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Failed_and_diverged_trials_end_a_job_failed_when_no_trial_has_an_objective()
    {
        using var h = JobHarness.Start(TestDatabases.Sqlite, output);
        var jobId = h.Submit(TestJobs.Random(trials: 2, epochs: 1));
        var worker = h.Worker("w1");
        var a = worker.Take();
        worker.Finish(a, AttemptOutcome.Failed, lastEpoch: 0, error: "out of memory");
        var b = worker.Take();
        worker.Finish(b, AttemptOutcome.Diverged);
        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(JobStatuses.Failed, summary.Status);
        Assert.Contains("out of memory", summary.Error);
        var results = h.Results(jobId);
        Assert.Equal(["failed", "diverged"], results.Trials.Select(t => t.Status));
        Assert.Equal("out of memory", results.Trials[0].Error);
        Assert.Null(results.Best);
        Assert.Equal(summary.Error, results.Error); // report.html, drawn from results.json, says why
    }
}
