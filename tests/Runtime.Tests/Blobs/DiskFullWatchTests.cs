using Microsoft.Extensions.Time.Testing;
using Tuner.Runtime.Blobs;
using static Tuner.Runtime.Blobs.DiskFullWatch;

namespace Tuner.Runtime.Tests.Blobs;

/// <summary><see cref="DiskFullWatch"/> on a virtual clock: a full disk is said once, given up on once after the wait,
/// and over only when a write as large as what failed succeeds.</summary>
public sealed class DiskFullWatchTests
{
    private readonly FakeTimeProvider _clock = new();

    private static DiskFullException Full(long needed) => new("/data/tuner.db.checkpoints", needed, 1000, new IOException("disk full"));

    [Fact]
    public void A_full_disk_is_said_once_then_given_up_on_once_after_the_wait()
    {
        var watch = new DiskFullWatch(TimeSpan.FromMinutes(5), _clock);
        Assert.Equal(Verdict.Full, watch.Failed(Full(800_000)));
        for (var retry = 0; retry < 19; retry++)
        {
            _clock.Advance(TimeSpan.FromSeconds(15));
            Assert.Equal(Verdict.None, watch.Failed(Full(800_000))); // the retries of the next 4:45 say nothing more
        }
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(Verdict.GiveUp, watch.Failed(Full(800_000)));
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(Verdict.None, watch.Failed(Full(800_000)));
    }

    [Fact]
    public void A_disk_still_full_when_the_wait_is_over_is_given_up_on_though_no_write_failed_since()
    {
        var watch = new DiskFullWatch(TimeSpan.FromMinutes(5), _clock);
        Assert.Equal(Verdict.None, watch.Check(0)); // nothing was full
        Assert.Equal(Verdict.Full, watch.Failed(Full(800_000)));
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(Verdict.None, watch.Check(0));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Verdict.GiveUp, watch.Check(0));
        Assert.Equal(Verdict.None, watch.Check(0));
        Assert.Equal(Verdict.None, watch.Failed(Full(800_000)));
    }

    [Fact]
    public void Only_a_write_as_large_as_the_largest_that_failed_says_there_is_room_again_and_starts_the_wait_over()
    {
        var watch = new DiskFullWatch(TimeSpan.FromMinutes(5), _clock);
        Assert.Equal(Verdict.None, watch.Stored(800_000)); // nothing was full
        Assert.Equal(Verdict.Full, watch.Failed(Full(800_000)));
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(Verdict.None, watch.Stored(4_000)); // a small inline checkpoint fits in what is left
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Verdict.Room, watch.Stored(800_000)); // space was freed
        Assert.Equal(Verdict.None, watch.Stored(800_000));
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(Verdict.Full, watch.Failed(Full(800_000))); // full again: said again, and a new wait
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(Verdict.None, watch.Failed(Full(800_000)));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Verdict.GiveUp, watch.Failed(Full(800_000)));
        // The run is stopping: a hand-back stored meanwhile does not say "room again, the run goes on".
        Assert.Equal(Verdict.None, watch.Stored(800_000));
    }

    [Fact]
    public void A_disk_freed_while_no_write_tries_ends_the_wait_when_it_has_room_for_what_failed_and_more_than_any_failure_left()
    {
        var watch = new DiskFullWatch(TimeSpan.FromMinutes(5), _clock);
        Assert.Equal(Verdict.Full, watch.Failed(Full(800_000))); // 1000 bytes were free
        _clock.Advance(TimeSpan.FromMinutes(5));
        // The failing write stopped trying (its attempt was superseded); someone freed space meanwhile. It stopped the run.
        Assert.Equal(Verdict.Room, watch.Check(5_000_000));

        Assert.Equal(Verdict.Full, watch.Failed(new DiskFullException("/data", 4096, 200_000, new IOException("disk full"))));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(Verdict.GiveUp, watch.Check(200_000)); // a journal refused with 200 KB free: 200 KB is no room
        Assert.Equal(Verdict.None, watch.Check(5_000_000)); // given up: said once
    }
}
