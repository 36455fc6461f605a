using Akka.Actor;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Coordinator.Tests.Support;
using Tuner.Tests.Shared;
using Xunit.Abstractions;
using static Tuner.Contracts.Protocol.TrialProtocol;
using static Tuner.Contracts.Protocol.WorkProtocol;

namespace Tuner.Coordinator.Tests.Jobs;

/// <summary>Recovery from the journal: the manager and its jobs restart (or the whole actor system does) and
/// rebuild exactly the state they had, with and without snapshots; attempts that were running are confirmed by
/// their workers within the lease or requeued after it.</summary>
public sealed class JobRecoverySpecs(ITestOutputHelper output)
{
    public static TheoryData<string, int> DatabasesAndSnapshotIntervals
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var db in TestDatabases.Both)
            {
                data.Add(db, 0);
                data.Add(db, 7);
            }
            return data;
        }
    }

    public static TheoryData<string> Databases => TestDatabases.Both;

    [Theory]
    [MemberData(nameof(DatabasesAndSnapshotIntervals))]
    public void Replaying_the_journal_rebuilds_an_identical_summary_and_results(string db, int snapshotInterval)
    {
        using var h = JobHarness.Start(db, output, s => s with { SnapshotInterval = snapshotInterval, AttemptLease = TimeSpan.FromMinutes(1) });
        var jobId = h.Submit(TestJobs.Hyperband());
        var worker = h.Worker("w1");
        worker.RunMany(3);
        var running = worker.Take();
        worker.Epochs(running, 2);
        h.AwaitSummary(jobId, s => s.EpochsTrained == 4);

        var summary = TestJobs.Json(h.Summary(jobId));
        var results = TestJobs.Json(h.Results(jobId));
        h.RestartManager();
        Assert.Equal(summary, TestJobs.Json(h.Summary(jobId)));
        Assert.Equal(results, TestJobs.Json(h.Results(jobId)));
        var recovery = h.Kit.CreateTestProbe();
        h.JobActor(jobId).Tell(JobRecovery.GetInfo.Instance, recovery);
        var info = recovery.ExpectMsg<JobRecovery.Info>();
        if (snapshotInterval > 0)
        {
            Assert.NotNull(info.SnapshotSequenceNr);
            Assert.True(info.SnapshotSequenceNr >= snapshotInterval);
            Assert.Equal(info.LastSequenceNr - info.SnapshotSequenceNr, info.EventsReplayed);
        }
        else
        {
            Assert.Null(info.SnapshotSequenceNr);
            Assert.Equal(info.LastSequenceNr, info.EventsReplayed);
        }

        // The running attempt reports in (confirmed within the lease) and the job carries on to the end.
        worker.Epochs(running, 3);
        worker.Finish(running);
        worker.RunMany(2);
        var final = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(11, final.EpochsTrained);
        Assert.Equal(1, h.Results(jobId).Trials.Count(t => t.History.Count == 3 && t.Bracket == 1));

        summary = TestJobs.Json(final);
        results = TestJobs.Json(h.Results(jobId));
        h.RestartSystem();
        Assert.Equal(summary, TestJobs.Json(h.Summary(jobId)));
        Assert.Equal(results, TestJobs.Json(h.Results(jobId)));
    }

    /// <summary>Local mode (no lease: the workers die with the run): a run stopped during a trial more often than
    /// <see cref="CoordinatorSettings.LostAttemptsPerTrial"/> trains it again each time and completes it — a lost worker
    /// per restart gave the trial up as failed at the fifth.</summary>
    [Fact]
    public void A_local_run_restarted_during_a_trial_more_often_than_the_lost_worker_limit_still_completes_it()
    {
        using var h = JobHarness.Start(TestDatabases.Sqlite, output);
        Assert.Equal(TimeSpan.Zero, h.Settings.AttemptLease);
        var jobId = h.Submit(TestJobs.Random(trials: 1, epochs: 2));
        var worker = h.Worker("local-1");
        for (var restart = 1; restart <= h.Settings.LostAttemptsPerTrial; restart++)
        {
            var a = worker.Take();
            Assert.Equal($"t-0001.r0.x0#{restart}", a.AttemptId);
            worker.Epochs(a, 1);
            h.RestartManager();
        }
        worker.Run(worker.Take());
        Assert.Equal(JobStatuses.Completed, h.AwaitSummary(jobId, s => s.IsFinal).Status);
        Assert.Equal("completed", h.Results(jobId).Trials.Single().Status);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Attempts_running_before_a_restart_are_requeued_after_the_lease_unless_they_report_in(string db)
    {
        using var h = JobHarness.Start(db, output, s => s with { AttemptLease = TimeSpan.FromSeconds(3) });
        var jobId = h.Submit(TestJobs.Random(trials: 3, epochs: 2));
        var silent = h.Worker("silent");
        var alive = h.Worker("alive");
        var lost = silent.Take();
        var kept = alive.Take();
        h.RestartManager();

        // Within the lease: the live worker's heartbeat confirms its attempt.
        alive.Tell(new AttemptHeartbeat(jobId, kept.AttemptId, "alive", 0));
        var other = h.Worker("other");
        var fresh = other.Take(); // the third trial, not a retry: nothing has been requeued yet
        Assert.EndsWith("#1", fresh.AttemptId);
        Assert.NotEqual(lost.WorkId, fresh.WorkId);
        other.Run(fresh);

        // After the lease: the silent attempt is requeued; the confirmed one is not.
        other.Request();
        var retry = other.ExpectAssignment();
        Assert.Equal(lost.WorkId + "#2", retry.AttemptId);
        other.Run(retry);
        alive.Run(kept); // still counts
        silent.Tell(FakeWorker.FinishedMessage(lost)); // too late: acknowledged, ignored
        silent.ExpectAck(lost.AttemptId);

        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(6, summary.EpochsTrained);
        var results = h.Results(jobId);
        Assert.Equal(["other", "alive", "other"], results.Trials.Select(t => t.Worker));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void An_attempt_running_before_a_restart_is_requeued_as_soon_as_its_workers_node_is_unreachable_not_after_the_lease(string db)
    {
        // The worker died while the job manager was away: its node, journalled with the attempt, is unreachable (or
        // gone) when the job manager is back. Waiting the lease for a report that cannot come held such attempts 20 s
        // after every hand-over, and longer when hand-overs followed each other (the chaos soak's 97 s).
        using var h = JobHarness.Start(db, output, s => s with { AttemptLease = TimeSpan.FromMinutes(1) });
        var jobId = h.Submit(TestJobs.Random(trials: 1, epochs: 2));
        var lost = h.Worker("lost").Take();
        h.RestartManager();
        h.AwaitAttemptWatcher(jobId);

        // The fake workers are local probes: their node is this actor system's address.
        h.JobActor(jobId).Tell(new JobInternalProtocol.WorkerUnreachable(((ExtendedActorSystem)h.Sys).Provider.DefaultAddress));
        var other = h.Worker("other");
        other.Request();
        var retry = other.ExpectAssignment(); // within the harness's 15 s, long before the lease
        Assert.Equal(lost.WorkId + "#2", retry.AttemptId);
        other.Run(retry);
        Assert.Equal(2, h.AwaitSummary(jobId, s => s.IsFinal).EpochsTrained);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void In_local_mode_attempts_running_at_a_restart_are_requeued_at_once_and_trained_once_the_job_is_submitted_again(string db)
    {
        using var h = JobHarness.Start(db, output, s => s with { ResumeRecoveredJobs = false }); // local mode: lease 0
        var spec = TestJobs.Random(trials: 1, epochs: 3);
        var jobId = h.Submit(spec, "local-run");
        var w1 = h.Worker("w1");
        var a = w1.Take();
        w1.Epochs(a, 1);
        h.AwaitSummary(jobId, s => s.EpochsTrained == 1);
        var other = h.Submit(TestJobs.Random(trials: 1, epochs: 3), "another-run"); // the same database's other unfinished job
        h.RestartSystem();

        // A run's workers train what it submitted, not what another run left in the database (./tuner.db is shared).
        var w2 = h.Worker("w2");
        w2.Request(0);
        w2.Probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
        Assert.Equal(new JobProtocol.JobAccepted(jobId, true), h.Ask<object>(new JobProtocol.SubmitJob(spec, jobId)));
        var b = w2.ExpectAssignment();
        Assert.Equal(a.WorkId + "#2", b.AttemptId);
        Assert.Null(b.ResumeCheckpoint);
        Assert.Equal(0, b.FromEpoch);
        w2.Run(b);
        Assert.Equal(3, h.AwaitSummary(jobId, s => s.IsFinal).EpochsTrained);
        w2.Request(0);
        w2.Probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
        Assert.Equal(0, h.Summary(other).TrialsStarted);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_job_cancelled_before_a_restart_ends_cancelled_after_it(string db)
    {
        using var h = JobHarness.Start(db, output);
        var jobId = h.Submit(TestJobs.Random(trials: 3, epochs: 2));
        var w1 = h.Worker("w1");
        w1.Run(w1.Take());
        var running = w1.Take();
        w1.Epochs(running, 1);
        h.Ask<JobProtocol.CancelAccepted>(new JobProtocol.CancelJob(jobId));
        w1.Probe.ExpectMsg<StopAttempt>();
        h.RestartSystem(); // local mode: the unconfirmed attempt is abandoned, and being cancelled it ends cancelled

        var summary = h.AwaitSummary(jobId, s => s.IsFinal);
        Assert.Equal(JobStatuses.Cancelled, summary.Status);
        var results = h.Results(jobId);
        Assert.Equal(["completed", "cancelled"], results.Trials.Select(t => t.Status));
        Assert.Single(results.Trials[1].History);
    }
}
