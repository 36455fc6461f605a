using Tuner.Runtime.Timing;

namespace Tuner.Runtime.Tests.Timing;

public sealed class RetryBackoffTests
{
    private static readonly RetryBackoff Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(10));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 15)]
    [InlineData(40, 15)]
    public void Pauses_double_from_the_first_up_to_the_longest(int failures, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Backoff.Delay(failures, TimeSpan.FromSeconds(30)));

    [Fact]
    public void The_last_try_comes_at_the_end_of_the_window_and_none_after_it()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), Backoff.Delay(9, TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(3)));
        Assert.Null(Backoff.Delay(10, TimeSpan.FromMinutes(10)));
        Assert.Null(Backoff.Delay(1, TimeSpan.FromMinutes(11)));
        Assert.Null(new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.Zero).Delay(1, TimeSpan.Zero));
    }

    [Fact]
    public void A_sliver_of_the_window_left_after_the_last_try_ends_the_retries_instead_of_spinning()
    {
        // The try at the window's end failed and the timer had fired a hair early: 0.3 ms left. Task.Delay rounds that to
        // no wait, so a pause would mean dozens of immediate tries (seen: 32 in one millisecond).
        Assert.Null(Backoff.Delay(12, TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(0.3)));
        Assert.Null(Backoff.Delay(12, TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(0.9)));
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Delay(12, TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Pauses_that_do_not_fit_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new RetryBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)).Validated("BlobRetry"));
        Assert.StartsWith("BlobRetry: need 0 < First <= Longest", error.Message);
        Assert.Throws<ArgumentException>(() => new RetryBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)).Validated("BlobRetry"));
    }
}
