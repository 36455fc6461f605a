using Tuner.Contracts.Collections;
using System.Text.Json;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Coordinator.Jobs.Manager;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Tests.Support;
using Tuner.Runtime.Serialization;
using static Tuner.Contracts.Protocol.TrialProtocol;
using static Tuner.Contracts.Protocol.WorkProtocol;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Tests.Jobs.Job;

/// <summary><see cref="JobState"/> and <see cref="JobDecisions"/> without actors: a job driven by hand, its journal
/// replayed and its snapshots restored.</summary>
public sealed class JobStateTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private const int LostLimit = 3;

    /// <summary>A job driven through the decisions, keeping the journal it would persist.</summary>
    private sealed class Driver
    {
        public Driver(string spec)
        {
            State = new JobState("job");
            var check = SubmissionCheck.Run(spec);
            Record([new JobSubmitted("job", check.Spec.Name, check.SpecJson, null, T0)]);
        }

        /// <summary>Goes on driving a job recovered from a journal.</summary>
        public Driver(JobState recovered, IEnumerable<IJobEvent> journal)
        {
            State = recovered;
            Journal.AddRange(journal);
        }

        public JobState State { get; }
        public List<IJobEvent> Journal { get; } = [];

        /// <summary>Journal lengths after each decision: the job journals a decision's events as one entry, so a crash
        /// leaves the journal at one of these.</summary>
        public List<int> Entries { get; } = [];

        public void Record(IEnumerable<IJobEvent> events)
        {
            foreach (var e in events)
            {
                State.Apply(e);
                Journal.Add(e);
            }
            Entries.Add(Journal.Count);
            foreach (var e in JobDecisions.Completion(State, T0.AddHours(1)))
            {
                State.Apply(e);
                Journal.Add(e);
            }
            if (Entries[^1] != Journal.Count) Entries.Add(Journal.Count);
        }

        public TrialAssignment? Offer(string worker = "w1", int slot = 0)
        {
            if (JobDecisions.NextAttempt(State, worker, slot, T0.AddMinutes(Journal.Count)) is not JobDecisions.Dispatch.Start start) return null;
            Record(start.Events);
            return JobDecisions.Assignment(State, start.Attempt);
        }

        public void Epochs(TrialAssignment a, int upTo)
        {
            for (var e = a.FromEpoch + 1; e <= upTo; e++)
                Record(JobDecisions.OnEpoch(State, new EpochDone("job", a.AttemptId, a.WorkId, TestJobs.Epoch(a.TrialId, e), 0.25)));
        }

        public void Finish(TrialAssignment a, AttemptOutcome outcome = AttemptOutcome.Completed, int? lastEpoch = null)
        {
            var message = FakeWorker.FinishedMessage(a, outcome, lastEpoch, seconds: 2);
            if (JobDecisions.Classify(State, a.AttemptId) == JobDecisions.Report.Current) Record(JobDecisions.OnFinished(State, message));
        }

        public void Run(TrialAssignment a)
        {
            Epochs(a, a.ToEpoch);
            Finish(a);
        }

        /// <summary>One slot, one attempt at a time, until the job has nothing more to run.</summary>
        public void RunToEnd()
        {
            while (Offer() is { } a) Run(a);
        }
    }

    private static string SummaryJson(JobState state) => TestJobs.Json(SummaryBuilder.Build(state));

    private static string ResultsJson(JobState state) => TestJobs.Json(ResultsBuilder.Build(state));

    /// <summary>What the job would dispatch next, as JSON of its events.</summary>
    private static string NextDispatch(JobState state) =>
        JobDecisions.NextAttempt(state, "w9", 0, T0) is JobDecisions.Dispatch.Start start
            ? string.Join("\n", start.Events.Select(TestJobs.Json))
            : "nothing";

    private static JobState Replay(IEnumerable<IJobEvent> journal)
    {
        var state = new JobState("job");
        foreach (var e in journal) state.Apply(RoundTrip(e));
        return state;
    }

    /// <summary>Through the Tuner serializer's JSON, as the journal stores it.</summary>
    private static T RoundTrip<T>(T value) where T : notnull =>
        (T)JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), TunerJsonSerializer.Options), value.GetType(), TunerJsonSerializer.Options)!;

    [Fact]
    public void A_trial_whose_worker_is_lost_three_times_in_a_row_fails_with_why_and_the_search_goes_on()
    {
        var job = new Driver(TestJobs.Random(trials: 2, epochs: 2));
        var first = job.Offer()!;
        for (var attempt = 1; attempt <= LostLimit; attempt++)
        {
            var a = attempt == 1 ? first : job.Offer()!;
            Assert.Equal($"{first.WorkId}#{attempt}", a.AttemptId);
            job.Epochs(a, 1);
            job.Record(JobDecisions.Abandon(job.State, [a.AttemptId], "worker terminated", LostLimit));
        }
        var trial = ResultsBuilder.Build(job.State).Trials.Single(t => t.TrialId == first.TrialId);
        Assert.Equal("failed", trial.Status);
        Assert.Contains("lost 3 times in a row", trial.Error);
        Assert.Contains("worker terminated", trial.Error);
        Assert.Empty(job.State.Requeued);

        var next = job.Offer()!; // the next trial, not the given-up one again
        Assert.NotEqual(first.TrialId, next.TrialId);
        job.Run(next);
        Assert.Equal("completed", job.State.Finished?.Status);
        Assert.Equal(ResultsJson(job.State), ResultsJson(Replay(job.Journal)));
    }

    /// <summary>A local run killed during a trial, again and again: each resumed run trains the trial again, and none of
    /// its ends counts as a lost worker — the trial is not given up, and losses after the last restart count from one.</summary>
    [Fact]
    public void A_local_run_stopped_during_a_trial_any_number_of_times_requeues_it_without_counting_a_lost_worker()
    {
        var job = new Driver(TestJobs.Random(trials: 1, epochs: 2));
        var first = job.Offer()!;
        job.Record(JobDecisions.Abandon(job.State, [first.AttemptId], "worker terminated", LostLimit));
        for (var restart = 1; restart <= LostLimit * 2; restart++)
        {
            var a = job.Offer()!;
            Assert.Equal(first.WorkId, a.WorkId);
            job.Epochs(a, 1);
            job = new Driver(Replay(job.Journal), job.Journal); // the run is killed, and started again
            var interrupted = JobDecisions.Interrupted(job.State, "the run that trained them stopped");
            Assert.Equal([new AttemptAbandoned(a.AttemptId, "the run that trained them stopped", WorkerLost: false)], interrupted);
            job.Record(interrupted);
            Assert.Equal([first.WorkId], job.State.Requeued);
        }
        for (var loss = 1; loss < LostLimit; loss++) job.Record(JobDecisions.Abandon(job.State, [job.Offer()!.AttemptId], "worker terminated", LostLimit));
        job.Run(job.Offer()!);

        var trial = ResultsBuilder.Build(job.State).Trials.Single();
        Assert.Equal("completed", trial.Status);
        Assert.Null(trial.Error);
        Assert.Equal(ResultsJson(job.State), ResultsJson(Replay(job.Journal)));
    }

    /// <summary>A cancelled job's attempts that a stopped run left running end cancelled, as a lost worker's would.</summary>
    [Fact]
    public void A_local_run_stopped_while_its_job_was_being_cancelled_ends_the_running_trials_cancelled()
    {
        var job = new Driver(TestJobs.Random(trials: 2, epochs: 2));
        var a = job.Offer()!;
        job.Epochs(a, 1);
        job.Record(JobDecisions.Cancel(job.State, T0));
        job = new Driver(Replay(job.Journal), job.Journal);
        job.Record(JobDecisions.Interrupted(job.State, "the run that trained them stopped"));
        Assert.Equal("cancelled", job.State.Finished?.Status);
        Assert.Equal("cancelled", ResultsBuilder.Build(job.State).Trials.Single(t => t.TrialId == a.TrialId).Status);
    }

    [Fact]
    public void A_hand_back_or_a_workers_own_stop_between_losses_starts_the_count_again_and_snapshots_keep_it()
    {
        var job = new Driver(TestJobs.Random(trials: 1, epochs: 3));
        void Lose() => job.Record(JobDecisions.Abandon(job.State, [job.Offer()!.AttemptId], "worker unreachable", LostLimit));
        Lose();
        Lose();
        var returned = job.Offer()!;
        job.Epochs(returned, 1);
        job.Record(JobDecisions.OnReturned(job.State, new AttemptReturned("job", returned.AttemptId, returned.WorkId, 1, BlobProtocol.Ids.HandBack("job", returned.WorkId, 1))));
        Lose();
        Lose();
        var stopped = job.Offer()!; // its worker stopped it without a checkpoint: not a lost worker
        job.Record(JobDecisions.OnFinished(job.State, new AttemptFinished("job", stopped.AttemptId, stopped.WorkId, AttemptOutcome.Cancelled, [], null, null, 0.1)));
        Lose();
        var restored = new Driver(JobState.FromSnapshot(RoundTrip(job.State.ToSnapshot())), job.Journal);
        restored.Record(JobDecisions.Abandon(restored.State, [restored.Offer()!.AttemptId], "worker unreachable", LostLimit));
        Assert.Single(restored.State.Requeued); // the second loss since the worker's own stop
        var last = restored.Offer()!;
        Assert.Equal(1, last.FromEpoch); // from the hand-back's checkpoint
        restored.Record(JobDecisions.Abandon(restored.State, [last.AttemptId], "worker unreachable", LostLimit));
        Assert.Empty(restored.State.Requeued);
        var trial = ResultsBuilder.Build(restored.State).Trials.Single();
        Assert.Equal("failed", trial.Status);
        Assert.Equal([1], trial.History.Select(e => e.Epoch)); // the epoch before its resume point is kept
        Assert.Equal("failed", restored.State.Finished?.Status);
    }

    [Fact]
    public void A_job_whose_search_space_runs_out_says_so_when_it_ends()
    {
        // units 8, 16, …, 64: eight configurations for ten trials.
        var job = new Driver(TestJobs.Random(trials: 10, epochs: 1));
        var first = job.Offer()!;
        Assert.Null(JobDecisions.EndedEarly(job.State));
        job.Run(first);
        job.RunToEnd();
        Assert.True(job.State.IsFinal);
        Assert.Equal("search space exhausted after 8 of 10 trials: it has 8 configurations", JobDecisions.EndedEarly(job.State));

        var planned = new Driver(TestJobs.Random(trials: 3, epochs: 1));
        planned.RunToEnd();
        Assert.True(planned.State.IsFinal);
        Assert.Null(JobDecisions.EndedEarly(planned.State));
    }

    /// <summary>A hyperband job through retries, a hand-back, a worker's own stop, a duplicate and a failure.</summary>
    private static Driver Eventful()
    {
        var job = new Driver(TestJobs.Hyperband());
        var a = job.Offer("w1")!;
        var b = job.Offer("w2")!;
        job.Epochs(a, 1);
        job.Record(JobDecisions.Abandon(job.State, [b.AttemptId], "worker terminated", LostLimit));
        var b2 = job.Offer("w3")!;
        job.Finish(a);
        job.Finish(a); // a duplicate is not Current any more: nothing recorded
        job.Run(b2);
        var c = job.Offer("w1")!;
        job.Finish(c, AttemptOutcome.Failed, lastEpoch: 0);
        var promoted = job.Offer("w1")!;
        job.Epochs(promoted, 2);
        job.Record(JobDecisions.OnReturned(job.State, new TrialProtocol.AttemptReturned("job", promoted.AttemptId, promoted.WorkId, 2, BlobProtocol.Ids.HandBack("job", promoted.WorkId, 2))));
        var resumed = job.Offer("w2")!;
        job.Record(JobDecisions.OnFinished(job.State, new AttemptFinished("job", resumed.AttemptId, resumed.WorkId, AttemptOutcome.Cancelled, [], null, null, 0.1)));
        var again = job.Offer("w2")!;
        job.Epochs(again, 3);
        return job;
    }

    [Fact]
    public void Replaying_the_journal_rebuilds_an_identical_state()
    {
        var job = Eventful();
        var replayed = Replay(job.Journal);
        Assert.Equal(SummaryJson(job.State), SummaryJson(replayed));
        Assert.Equal(ResultsJson(job.State), ResultsJson(replayed));
        Assert.Equal(NextDispatch(job.State), NextDispatch(replayed));
    }

    [Fact]
    public void Events_journalled_together_in_one_entry_replay_to_the_same_state_as_one_by_one()
    {
        var job = Eventful();
        var entries = job.Journal.Chunk(3).Select(chunk => chunk.Length == 1 ? chunk[0] : new EventsRecorded(chunk.ToValueList())).ToList();
        Assert.Contains(entries, e => e is EventsRecorded);
        var replayed = Replay(entries);
        Assert.Equal(SummaryJson(job.State), SummaryJson(replayed));
        Assert.Equal(ResultsJson(job.State), ResultsJson(replayed));
        Assert.Equal(NextDispatch(job.State), NextDispatch(replayed));
    }

    /// <summary><see cref="Eventful"/>, then cancelled: the requeued work ends at once, the running attempt with its report.</summary>
    private static Driver EventfulThenCancelled()
    {
        var job = Eventful();
        var running = job.State.RunningAttempts.ToList();
        job.Record(JobDecisions.Cancel(job.State, T0.AddDays(1)));
        foreach (var attempt in running)
            job.Record(JobDecisions.OnFinished(job.State, new AttemptFinished("job", attempt.AttemptId, attempt.WorkId, AttemptOutcome.Cancelled, [], null, null, 0.5)));
        Assert.Equal(JobStatuses.Cancelled, job.State.Status);
        return job;
    }

    [Fact]
    public void A_snapshot_restored_at_any_point_holds_the_whole_state_and_the_rest_of_the_journal_rebuilds_an_identical_state()
    {
        // Compared field for field, not only by what summaries and results show: every field of the state and of its
        // algorithm, so a field the snapshot forgets (or the restore drops) fails here.
        var job = EventfulThenCancelled();
        for (var cut = 1; cut <= job.Journal.Count; cut++)
        {
            var prefix = Replay(job.Journal.Take(cut));
            var snapshot = RoundTrip(prefix.ToSnapshot());
            Assert.Equal(TestJobs.Json(prefix.ToSnapshot()), TestJobs.Json(snapshot));
            var restored = JobState.FromSnapshot(snapshot);
            Assert.Equal(StateDescription.Of(prefix), StateDescription.Of(restored));
            foreach (var e in job.Journal.Skip(cut)) restored.Apply(e);
            Assert.Equal(SummaryJson(job.State), SummaryJson(restored));
            Assert.Equal(ResultsJson(job.State), ResultsJson(restored));
            Assert.Equal(NextDispatch(job.State), NextDispatch(restored));
        }
        Assert.Contains("CancelRequestedAt", StateDescription.Of(job.State)); // the description reaches private state
    }

    [Fact]
    public void Requeued_work_goes_first_and_resumes_from_its_newest_checkpoint()
    {
        var job = new Driver(TestJobs.Random(trials: 3, epochs: 4));
        var a = job.Offer("w1")!;
        var b = job.Offer("w2")!;
        job.Epochs(b, 3);
        job.Record(JobDecisions.OnReturned(job.State, new TrialProtocol.AttemptReturned("job", b.AttemptId, b.WorkId, 3, "ckpt/job/b@3")));
        job.Record(JobDecisions.Abandon(job.State, [a.AttemptId], "worker terminated", LostLimit));
        Assert.Equal([b.WorkId, a.WorkId], job.State.Requeued);

        var b2 = job.Offer("w3")!;
        Assert.Equal((b.WorkId + "#2", 3, "ckpt/job/b@3"), (b2.AttemptId, b2.FromEpoch, b2.ResumeCheckpoint));
        var a2 = job.Offer("w3", 1)!;
        Assert.Equal((a.WorkId + "#2", 0, (string?)null), (a2.AttemptId, a2.FromEpoch, a2.ResumeCheckpoint));
        var c = job.Offer("w4")!;
        Assert.EndsWith("#1", c.AttemptId);
        Assert.Null(job.Offer("w5"));

        // A hand-back without a usable checkpoint keeps the newest one it had.
        job.Record(JobDecisions.OnReturned(job.State, new TrialProtocol.AttemptReturned("job", b2.AttemptId, b2.WorkId, 9, "ckpt/job/b@9")));
        var b3 = job.Offer("w6")!;
        Assert.Equal((3, "ckpt/job/b@3"), (b3.FromEpoch, b3.ResumeCheckpoint));
    }

    [Fact]
    public void Only_the_current_attempt_of_a_work_item_counts()
    {
        var job = new Driver(TestJobs.Random(trials: 1, epochs: 2));
        var first = job.Offer()!;
        Assert.Equal(JobDecisions.Report.Current, JobDecisions.Classify(job.State, first.AttemptId));
        job.Record(JobDecisions.Abandon(job.State, [first.AttemptId], "lost", LostLimit));
        Assert.Equal(JobDecisions.Report.Stale, JobDecisions.Classify(job.State, first.AttemptId));
        Assert.Equal(JobDecisions.Report.Unknown, JobDecisions.Classify(job.State, "t-0001.r0.x0#7"));
        var second = job.Offer()!;
        job.Epochs(second, 1);
        job.Epochs(second, 1); // the same epoch again: recorded once
        Assert.Single(job.Journal.OfType<SearchEventRecorded>(), e => e.Event is EpochReported);
        Assert.Empty(JobDecisions.OnEpoch(job.State, new EpochDone("job", second.AttemptId, second.WorkId, new(7, 1, 1), 1))); // out of range
    }

    [Fact]
    public void An_attempt_its_worker_stopped_without_a_cancel_is_handed_back_not_lost()
    {
        var job = new Driver(TestJobs.Random(trials: 1, epochs: 3));
        var a = job.Offer()!;
        job.Epochs(a, 2);
        job.Finish(a, AttemptOutcome.Cancelled, lastEpoch: 2);
        var b = job.Offer()!;
        Assert.Equal((2, a.CheckpointId), (b.FromEpoch, b.ResumeCheckpoint));
        Assert.Equal(JobStatuses.Running, job.State.Status);
        job.Finish(b, AttemptOutcome.Cancelled, lastEpoch: 2); // nothing new trained: abandoned, same checkpoint
        var c = job.Offer()!;
        Assert.Equal((2, a.CheckpointId), (c.FromEpoch, c.ResumeCheckpoint));
        job.Run(c);
        Assert.Equal(JobStatuses.Completed, job.State.Status);
        Assert.Equal([1, 2, 3], ResultsBuilder.Build(job.State).Trials.Single().History.Select(e => e.Epoch));
    }

    [Fact]
    public void Cancelling_ends_queued_work_at_once_and_the_job_when_the_running_attempts_end()
    {
        var job = new Driver(TestJobs.Random(trials: 4, epochs: 2));
        var a = job.Offer("w1")!;
        var b = job.Offer("w2")!;
        job.Epochs(b, 1);
        job.Record(JobDecisions.Abandon(job.State, [b.AttemptId], "lost", LostLimit));
        job.Record(JobDecisions.Cancel(job.State, T0));
        Assert.Empty(job.State.Requeued);
        Assert.Null(job.Offer("w3"));
        Assert.Equal(JobStatuses.Running, job.State.Status);
        Assert.Empty(JobDecisions.Cancel(job.State, T0)); // once

        job.Finish(a, AttemptOutcome.Completed); // a result that arrives after the cancel still counts its epochs
        Assert.Equal(JobStatuses.Cancelled, job.State.Status);
        var results = ResultsBuilder.Build(job.State);
        Assert.Equal(["cancelled", "cancelled"], results.Trials.Select(t => t.Status));
        Assert.Equal(3, results.TotalEpochs);
    }

    [Fact]
    public void While_a_job_is_cancelled_a_trial_still_training_is_running_not_finished_and_ends_cancelled_with_the_epochs_it_trained()
    {
        var job = new Driver(TestJobs.Random(trials: 4, epochs: 6));
        var a = job.Offer("w1")!;
        var b = job.Offer("w2")!;
        job.Epochs(a, 2);
        var live = new List<(int Entries, string Summary, string Results)>();
        void Keep() => live.Add((job.Journal.Count, SummaryJson(job.State), ResultsJson(job.State)));

        job.Record(JobDecisions.Cancel(job.State, T0));
        Keep();
        // The workers stop them within an epoch: meanwhile both are running, listed so and not counted finished.
        job.Epochs(a, 3);
        Keep();
        var summary = SummaryBuilder.Build(job.State);
        Assert.Equal((2, 0), (summary.TrialsStarted, summary.TrialsFinished));
        Assert.Equal([(a.TrialId, 3), (b.TrialId, 0)], summary.Running.Select(r => (r.TrialId, r.Epoch)));
        Assert.Equal(["running", "running"], ResultsBuilder.Build(job.State).Trials.Select(t => t.Status));

        job.Finish(a, AttemptOutcome.Cancelled, lastEpoch: 3);
        Keep();
        summary = SummaryBuilder.Build(job.State);
        Assert.Equal(1, summary.TrialsFinished);
        Assert.Equal([b.TrialId], summary.Running.Select(r => r.TrialId));
        var trial = ResultsBuilder.Build(job.State).Trials[0];
        Assert.Equal(("cancelled", 3), (trial.Status, trial.Epochs));
        Assert.Equal([1, 2, 3], trial.History.Select(e => e.Epoch));

        job.Finish(b, AttemptOutcome.Cancelled, lastEpoch: 0);
        Keep();
        Assert.Equal(JobStatuses.Cancelled, job.State.Status);
        Assert.Equal(["cancelled", "cancelled"], ResultsBuilder.Build(job.State).Trials.Select(t => t.Status));
        Assert.Equal(3, ResultsBuilder.Build(job.State).TotalEpochs);
        // Recovery shows what the live job showed at every point.
        foreach (var (entries, liveSummary, liveResults) in live)
        {
            var replayed = Replay(job.Journal.Take(entries));
            Assert.Equal(liveSummary, SummaryJson(replayed));
            Assert.Equal(liveResults, ResultsJson(replayed));
        }
    }

    [Fact]
    public void Cancelling_a_hyperband_job_cancels_the_trials_of_an_unjudged_round_and_keeps_a_judged_rounds_losers_stopped()
    {
        // R = 9, η = 3: bracket 2 trains 9 trials × 1 epoch, promotes 3 to 3 epochs, then 1 to 9.
        var job = new Driver(TestJobs.Hyperband(maxEpochs: 9));
        var round0 = Enumerable.Range(0, 9).Select(_ => job.Offer()!).ToList();
        foreach (var a in round0) job.Run(a);
        var round1 = Enumerable.Range(0, 3).Select(_ => job.Offer()!).ToList();
        Assert.All(round1, a => Assert.Equal(1, a.FromEpoch));
        job.Run(round1[0]); // trained its round; the round is not complete
        job.Epochs(round1[1], 2);
        // round1[2] is dispatched and has trained nothing yet.
        var stopped = round0.Select(a => a.TrialId).Except(round1.Select(a => a.TrialId)).ToList();

        job.Record(JobDecisions.Cancel(job.State, T0));
        job.Finish(round1[1], AttemptOutcome.Cancelled, lastEpoch: 2);
        job.Finish(round1[2], AttemptOutcome.Cancelled, lastEpoch: 1);
        Assert.Equal(JobStatuses.Cancelled, job.State.Status);

        var statuses = ResultsBuilder.Build(job.State).Trials.ToDictionary(t => t.TrialId, t => t.Status);
        Assert.All(stopped, id => Assert.Equal("stopped", statuses[id]));
        Assert.All(round1, a => Assert.Equal("cancelled", statuses[a.TrialId]));
        Assert.Equal(ResultsJson(job.State), ResultsJson(Replay(job.Journal)));
    }

    [Fact]
    public void A_hand_back_that_crosses_a_cancel_ends_the_trial_cancelled_with_its_epochs_and_nothing_is_dispatched_again()
    {
        var job = new Driver(TestJobs.Random(trials: 3, epochs: 3));
        var a = job.Offer("w1")!;
        job.Epochs(a, 2);
        // The worker is leaving: its hand-back is on its way when the cancel is recorded.
        job.Record(JobDecisions.Cancel(job.State, T0));
        Assert.Equal(JobStatuses.Running, job.State.Status);
        job.Record(JobDecisions.OnReturned(job.State, new TrialProtocol.AttemptReturned("job", a.AttemptId, a.WorkId, 2, "ckpt/job/a@2")));
        Assert.Equal(JobStatuses.Cancelled, job.State.Status);
        Assert.Empty(job.State.Requeued);
        Assert.Null(job.Offer("w2"));
        var results = ResultsBuilder.Build(job.State);
        Assert.Equal(["cancelled"], results.Trials.Select(t => t.Status));
        Assert.Equal([1, 2], results.Trials.Single().History.Select(e => e.Epoch));
        Assert.Equal(2, results.TotalEpochs);
    }

    [Fact]
    public void A_cancel_after_a_hand_back_ends_the_requeued_trial_cancelled_and_nothing_is_dispatched_again()
    {
        var job = new Driver(TestJobs.Random(trials: 3, epochs: 3));
        var a = job.Offer("w1")!;
        job.Epochs(a, 2);
        job.Record(JobDecisions.OnReturned(job.State, new TrialProtocol.AttemptReturned("job", a.AttemptId, a.WorkId, 2, "ckpt/job/a@2")));
        Assert.Equal([a.WorkId], job.State.Requeued);
        job.Record(JobDecisions.Cancel(job.State, T0));
        Assert.Equal(JobStatuses.Cancelled, job.State.Status);
        Assert.Null(job.Offer("w2"));
        var results = ResultsBuilder.Build(job.State);
        Assert.Equal([1, 2], results.Trials.Single().History.Select(e => e.Epoch));
        Assert.Equal(2, results.TotalEpochs);
    }

    [Fact]
    public void A_hand_back_at_the_last_epoch_resumes_there_trains_nothing_more_and_completes_with_every_epoch_once()
    {
        var job = new Driver(TestJobs.Random(trials: 1, epochs: 3));
        var a = job.Offer("w1")!;
        job.Epochs(a, 3);
        job.Record(JobDecisions.OnReturned(job.State, new TrialProtocol.AttemptReturned("job", a.AttemptId, a.WorkId, 3, "ckpt/job/a@3")));
        var b = job.Offer("w2")!;
        Assert.Equal((a.WorkId + "#2", 3, 3, "ckpt/job/a@3"), (b.AttemptId, b.FromEpoch, b.ToEpoch, b.ResumeCheckpoint));
        // The worker trains no epoch: it stores the resumed state as the final checkpoint and reports no new epochs.
        job.Record(JobDecisions.OnFinished(job.State, new AttemptFinished("job", b.AttemptId, b.WorkId, AttemptOutcome.Completed, [], null, b.CheckpointId, 0.1)));
        Assert.Equal(JobStatuses.Completed, job.State.Status);
        var results = ResultsBuilder.Build(job.State);
        Assert.Equal([1, 2, 3], results.Trials.Single().History.Select(e => e.Epoch));
        Assert.Equal(3, results.TotalEpochs);
    }

    /// <summary>An ASHA job run to its end on one slot, and the same job recovered at every point of its journal: the
    /// prefix replayed (through the serializer, as the journal stores it), the attempt running at the cut requeued as a
    /// restart requeues it, the rest driven as before. Every recovery ends with the trials of the uninterrupted run:
    /// the same hyperparameters, rungs, histories, statuses and best.</summary>
    [Fact]
    public void An_asha_job_recovered_at_every_journal_cut_ends_with_the_trials_of_an_uninterrupted_run()
    {
        var whole = new Driver(TestJobs.Asha());
        whole.RunToEnd();
        Assert.Equal(JobStatuses.Completed, whole.State.Status);
        var trials = TrialsJson(whole.State);
        Assert.True(whole.State.Algorithm.Book.Count >= 9, $"too small a job to say much: {whole.State.Algorithm.Book.Count} trials");
        foreach (var cut in whole.Entries.Where(n => n < whole.Journal.Count))
        {
            var resumed = new Driver(Replay(whole.Journal.Take(cut)), whole.Journal.Take(cut));
            resumed.Record(JobDecisions.Abandon(resumed.State, resumed.State.RunningAttempts.Select(r => r.AttemptId).ToList(), "the coordinator restarted", LostLimit));
            resumed.RunToEnd();
            Assert.True(resumed.State.Status == JobStatuses.Completed, $"cut {cut}: {resumed.State.Status}");
            Assert.True(trials == TrialsJson(resumed.State), $"cut {cut} of {whole.Journal.Count} ({whole.Journal[cut - 1].GetType().Name})");
        }
    }

    /// <summary>What a run found: each trial's id, hyperparameters, bracket and rung, status and history, and the best.</summary>
    private static string TrialsJson(JobState state)
    {
        var results = ResultsBuilder.Build(state);
        return TestJobs.Json(new
        {
            trials = results.Trials.Select(t => new { t.TrialId, t.Hyperparameters, t.Bracket, t.Round, t.Status, t.History }).ToList(),
            best = results.Best?.TrialId,
            results.TotalEpochs,
        });
    }

    [Fact]
    public void Results_say_running_or_pending_while_the_job_runs()
    {
        var job = new Driver(TestJobs.Hyperband());
        var a = job.Offer()!;
        var b = job.Offer()!;
        job.Run(a);
        var results = ResultsBuilder.Build(job.State);
        Assert.Equal(["pending", "running"], results.Trials.Select(t => t.Status));
        Assert.Equal("running", results.Status);
        Assert.Equal(11, results.PlannedEpochs);
        job.Record(JobDecisions.Abandon(job.State, [b.AttemptId], "lost", LostLimit));
        Assert.Equal("pending", ResultsBuilder.Build(job.State).Trials[1].Status);
        Assert.Empty(SummaryBuilder.Build(job.State).Running);
    }

    [Fact]
    public void Every_coordinator_message_round_trips_through_the_tuner_serializer()
    {
        var job = Eventful();
        var samples = new List<object>(job.Journal)
        {
            new JobCancelRequested(T0),
            new JobFinished(JobStatuses.Failed, T0, "boom"),
            new JobManagerEvents.JobRegistered("job", "hb", "{}", "data/abc", T0),
            new EventsRecorded([.. job.Journal.Take(4), new JobCancelRequested(T0), new JobFinished(JobStatuses.Completed, T0)]),
        };
        samples.Add(job.State.ToSnapshot());
        var types = TunerJsonSerializer.MessageTypes(typeof(JobState).Assembly).ToHashSet();
        foreach (var missing in types.Except(samples.Select(s => s.GetType()))) Assert.Fail($"no sample of {missing}");
        foreach (var sample in samples) Assert.Equal(TestJobs.Json(sample), TestJobs.Json(RoundTrip(sample)));
    }
}
