using Tuner.Cli.Progress;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Search;

namespace Tuner.Cli.Tests.Progress;

public sealed class IdleJobWatchTests
{
    private static readonly RunningTrial Trial = new("t-0001", "t-0001.r0.x0", "w1", 1, 0, 9, null, null, null, null, 0, Hyperparameters.Empty);

    private static JobSummary Summary(string status = JobStatuses.Running, bool running = false) =>
        new("j", "j", status, "random", "val_loss", 1, 0, 0, 9, null, null,
            (running ? new[] { Trial } : []).ToValueList(), DateTimeOffset.UnixEpoch, null);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Nothing_running_is_said_once_it_has_lasted_the_threshold_counted_from_the_first_summary_showing_it()
    {
        var watch = new IdleJobWatch();
        Assert.Null(watch.IdleFor(S(30))); // no summary yet: nothing known
        watch.Observe(S(2), Summary());
        watch.Observe(S(5), Summary()); // still idle: the spell began at 2 s
        Assert.Null(watch.IdleFor(S(2) + IdleJobWatch.Threshold - S(0.1)));
        Assert.Equal(IdleJobWatch.Threshold, watch.IdleFor(S(2) + IdleJobWatch.Threshold));
        Assert.Equal(S(28), watch.IdleFor(S(30)));
    }

    [Fact]
    public void A_running_trial_ends_the_spell_and_the_next_one_starts_afresh()
    {
        var watch = new IdleJobWatch();
        watch.Observe(S(0), Summary());
        watch.Observe(S(20), Summary(running: true));
        Assert.Null(watch.IdleFor(S(25)));
        watch.Observe(S(26), Summary());
        Assert.Null(watch.IdleFor(S(30)));
        Assert.Equal(S(10), watch.IdleFor(S(36)));
    }

    [Fact]
    public void A_spell_is_told_once_and_the_next_spell_again()
    {
        var watch = new IdleJobWatch();
        watch.Observe(S(0), Summary());
        Assert.Null(watch.TellOnce(S(5)));
        Assert.Equal(S(11), watch.TellOnce(S(11)));
        Assert.Null(watch.TellOnce(S(20)));
        watch.Observe(S(21), Summary(running: true));
        watch.Observe(S(22), Summary());
        Assert.Equal(S(10), watch.TellOnce(S(32)));
    }

    [Theory]
    [InlineData(JobStatuses.Recovering)]
    [InlineData(JobStatuses.Completed)]
    [InlineData(JobStatuses.Cancelled)]
    [InlineData(JobStatuses.Failed)]
    public void A_recovering_or_ended_job_is_not_waiting_for_slots(string status)
    {
        var watch = new IdleJobWatch();
        watch.Observe(S(0), Summary());
        watch.Observe(S(1), Summary(status));
        Assert.Null(watch.IdleFor(S(60)));
    }
}
