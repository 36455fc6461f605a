using Tuner.Contracts.Protocol;
using Tuner.Contracts.Results;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Coordinator.Jobs.Manager;
using static Tuner.Contracts.Protocol.TrialProtocol;
using static Tuner.Contracts.Protocol.WorkProtocol;
using static Tuner.Coordinator.Jobs.Job.JobEvents;

namespace Tuner.Coordinator.Tests.Jobs.Job;

/// <summary><see cref="TrialChanges"/>: the trials a live update carries are every trial that changed. Checked the way
/// the dashboard uses them: after each decision of a job (starts, epochs, results, a requeue, a hand-back, a failure,
/// a cancel), the previous trial rows patched with the changed ones equal the rows built afresh.</summary>
public sealed class TrialChangesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private const int LostLimit = 3;

    private sealed class Job
    {
        private readonly TrialChanges _changes = new();
        private Dictionary<string, string> _rows = [];

        public Job(string spec)
        {
            var check = SubmissionCheck.Run(spec);
            State.Apply(new JobSubmitted("job", check.Spec.Name, check.SpecJson, null, T0));
            _changes.Start(State);
            _rows = Rows();
        }

        public JobState State { get; } = new("job");

        public int Checked { get; private set; }

        /// <summary>Applies a decision's events (and the completion they may bring), then checks the patched rows.</summary>
        public void Apply(IEnumerable<IJobEvent> events)
        {
            foreach (var e in events) Step(e);
            foreach (var e in JobDecisions.Completion(State, T0.AddHours(1))) Step(e);
            var changed = _changes.Take(State);
            foreach (var row in ResultsBuilder.Trials(State, changed.Select(State.Algorithm.Book.Trial).ToList(), history: false))
                _rows[row.TrialId] = TestJobs.Json(row);
            Assert.Equal(Rows(), _rows);
            Checked++;
        }

        private void Step(IJobEvent e)
        {
            State.Apply(e);
            _changes.Note(State, e);
        }

        private Dictionary<string, string> Rows() => State.IsSubmitted
            ? ResultsBuilder.Trials(State, State.Algorithm.Book.Trials(), history: false).ToDictionary(t => t.TrialId, TestJobs.Json)
            : [];

        public TrialAssignment? Offer(string worker = "w1")
        {
            if (JobDecisions.NextAttempt(State, worker, 0, T0) is not JobDecisions.Dispatch.Start start) return null;
            Apply(start.Events);
            return JobDecisions.Assignment(State, start.Attempt);
        }

        public void Epochs(TrialAssignment a, int upTo)
        {
            for (var e = a.FromEpoch + 1; e <= upTo; e++)
                Apply(JobDecisions.OnEpoch(State, new EpochDone("job", a.AttemptId, a.WorkId, TestJobs.Epoch(a.TrialId, e), 0.25)));
        }

        public void Finish(TrialAssignment a, AttemptOutcome outcome = AttemptOutcome.Completed, int? lastEpoch = null) =>
            Apply(JobDecisions.OnFinished(State, FakeWorker.FinishedMessage(a, outcome, lastEpoch, seconds: 2)));
    }

    [Fact]
    public void Patching_the_changed_trials_into_the_previous_rows_gives_the_rows_built_afresh_after_every_decision()
    {
        var job = new Job(TestJobs.Hyperband());
        var a = job.Offer("w1")!;
        var b = job.Offer("w2")!;
        job.Epochs(a, 1);
        job.Apply(JobDecisions.Abandon(job.State, [b.AttemptId], "worker terminated", LostLimit)); // pending again, no worker running it
        var b2 = job.Offer("w3")!;
        job.Finish(a);
        job.Epochs(b2, b2.ToEpoch);
        job.Finish(b2);
        var c = job.Offer("w1")!;
        job.Finish(c, AttemptOutcome.Failed, lastEpoch: 0);
        var promoted = job.Offer("w1")!;
        job.Epochs(promoted, 2);
        job.Apply(JobDecisions.OnReturned(job.State, new AttemptReturned("job", promoted.AttemptId, promoted.WorkId, 2, BlobProtocol.Ids.HandBack("job", promoted.WorkId, 2))));
        var resumed = job.Offer("w2")!;
        job.Epochs(resumed, 3);
        job.Apply(JobDecisions.Cancel(job.State, T0.AddMinutes(5)));
        job.Finish(resumed, AttemptOutcome.Cancelled, lastEpoch: 3);
        Assert.True(job.State.IsFinal);
        Assert.True(job.Checked > 10);
    }

    [Fact]
    public void A_job_run_to_its_end_has_every_trial_in_some_update()
    {
        var job = new Job(TestJobs.Random(trials: 4, epochs: 2));
        while (job.Offer() is { } a)
        {
            job.Epochs(a, a.ToEpoch);
            job.Finish(a);
        }
        Assert.Equal("completed", job.State.Status);
    }
}
