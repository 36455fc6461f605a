using Tuner.Cli.Progress;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Tests.Progress;

public sealed class JobElapsedTests
{
    private static readonly DateTimeOffset Submitted = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan View = TimeSpan.FromSeconds(5);

    private static JobSummary Summary(DateTimeOffset? finishedAt = null) =>
        new("j", "j", finishedAt is null ? JobStatuses.Running : JobStatuses.Completed, "random", "val_loss", 1, 0, 0, 10, null, null,
            ValueList<RunningTrial>.Empty, Submitted, finishedAt);

    [Fact]
    public void A_watch_shows_the_jobs_time_since_submission_to_its_end_and_never_below_zero()
    {
        // Opened on a job running for an hour, five seconds ago: the job's hour, not the view's five seconds.
        Assert.Equal(TimeSpan.FromMinutes(60), JobElapsed.Of(Summary(), View, Submitted.AddMinutes(60), sinceSubmission: true));
        Assert.Equal(TimeSpan.FromMinutes(12), JobElapsed.Of(Summary(Submitted.AddMinutes(12)), View, Submitted.AddDays(1), sinceSubmission: true));
        Assert.Equal(TimeSpan.Zero, JobElapsed.Of(Summary(), View, Submitted.AddSeconds(-3), sinceSubmission: true)); // this clock behind the coordinator's
        Assert.Equal(View, JobElapsed.Of(null, View, Submitted, sinceSubmission: true)); // nothing known yet
    }

    [Fact]
    public void Run_shows_its_own_time_whatever_the_jobs_submission()
    {
        Assert.Equal(View, JobElapsed.Of(Summary(), View, Submitted.AddDays(2), sinceSubmission: false)); // a job resumed two days on
    }
}
