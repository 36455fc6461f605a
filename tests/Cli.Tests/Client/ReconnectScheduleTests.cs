using Microsoft.Extensions.Time.Testing;
using Tuner.Cli.Client;

namespace Tuner.Cli.Tests.Client;

/// <summary>How long <c>tuner watch</c> keeps reopening a broken event stream, on a virtual clock.</summary>
public sealed class ReconnectScheduleTests
{
    [Fact]
    public void Pauses_grow_by_a_second_to_five_and_stop_once_the_stream_has_been_down_for_the_window()
    {
        var clock = new FakeTimeProvider();
        var schedule = new ReconnectSchedule(clock, TimeSpan.FromSeconds(30));
        var pauses = new List<double>();
        while (schedule.NextPause() is { } pause)
        {
            pauses.Add(pause.TotalSeconds);
            clock.Advance(pause);
        }
        // Until the pauses add up to the window: 1+2+3+4+5+5+5+5 = 30 s.
        Assert.Equal([1, 2, 3, 4, 5, 5, 5, 5], pauses);
    }

    [Fact]
    public void A_fail_over_at_the_default_timings_is_ridden_out_where_five_tries_gave_up_after_15_s()
    {
        var clock = new FakeTimeProvider();
        var schedule = new ReconnectSchedule(clock, ReconnectSchedule.DefaultWindow);
        var down = TimeSpan.Zero;
        while (down < TimeSpan.FromSeconds(45)) // the fail-over target: new progress within 45 s of a SIGKILL
        {
            var pause = schedule.NextPause();
            Assert.True(pause is not null, $"gave up after {down.TotalSeconds} s");
            clock.Advance(pause!.Value);
            down += pause.Value;
        }
    }

    [Fact]
    public void An_answer_starts_a_fresh_window()
    {
        var clock = new FakeTimeProvider();
        var schedule = new ReconnectSchedule(clock, TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(1), schedule.NextPause());
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(TimeSpan.FromSeconds(2), schedule.NextPause());
        schedule.Answered();
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(1), schedule.NextPause());
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.NotNull(schedule.NextPause());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(schedule.NextPause());
    }
}
