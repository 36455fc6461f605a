using Tuner.Cli.Progress;

namespace Tuner.Cli.Tests.Progress;

public sealed class EtaEstimatorTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_pace_since_the_view_opened_gives_the_time_left()
    {
        var eta = new EtaEstimator();
        eta.Observe(S(0), 0, 100);
        Assert.Null(eta.Remaining);
        eta.Observe(S(10), 20, 100);
        Assert.Equal(S(40), eta.Remaining); // 20 epochs in 10 s, 80 to go
    }

    [Fact]
    public void Epochs_trained_before_a_resume_do_not_count_as_this_runs_pace()
    {
        var eta = new EtaEstimator();
        eta.Observe(S(0), 60, 100);
        eta.Observe(S(10), 70, 100);
        Assert.Equal(S(30), eta.Remaining); // 10 epochs in 10 s, not 70
    }

    [Fact]
    public void No_estimate_in_the_first_second_without_a_plan_or_without_progress()
    {
        var early = new EtaEstimator();
        early.Observe(S(0), 0, 100);
        early.Observe(S(0.5), 5, 100);
        Assert.Null(early.Remaining);

        var unplanned = new EtaEstimator();
        unplanned.Observe(S(0), 0, null);
        unplanned.Observe(S(5), 5, null);
        Assert.Null(unplanned.Remaining);

        var stuck = new EtaEstimator();
        stuck.Observe(S(0), 10, 100);
        stuck.Observe(S(5), 10, 100);
        Assert.Null(stuck.Remaining);
    }

    [Fact]
    public void A_finished_plan_has_nothing_left()
    {
        var eta = new EtaEstimator();
        eta.Observe(S(0), 100, 100);
        eta.Observe(S(2), 100, 100);
        Assert.Equal(TimeSpan.Zero, eta.Remaining);
    }
}
