using Microsoft.Extensions.Time.Testing;
using Tuner.Cli.Hosting;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;

namespace Tuner.Cli.Tests.Hosting;

/// <summary>tuner run's answer to a full checkpoint disk, on a virtual clock: the run goes on while the disk is full for
/// less than the wait (retries resume it by themselves), and is stopped once it stayed full for the whole wait, with an
/// error that names the folder, says "no space left on device" and what to do.</summary>
public sealed class LocalDiskSpaceTests
{
    private readonly FakeTimeProvider _clock = new();

    /// <summary>A folder store whose disk is full.</summary>
    private sealed class FullDisk : IBlobStore
    {
        public Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default) =>
            Task.FromException(new DiskFullException("/data/tuner.db.checkpoints", data.Length, 1000, new IOException("disk full")));

        public Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default) => Task.FromResult<byte[]?>(null);
    }

    [Fact]
    public async Task A_disk_full_for_the_whole_wait_stops_the_run_with_what_to_do()
    {
        using var space = new LocalDiskSpace(DatabaseTarget.Parse("/data/tuner.db"), TimeSpan.FromMinutes(5), _clock);
        var blobs = space.Watch(new FullDisk());
        for (var retry = 0; retry < 20; retry++)
        {
            await Assert.ThrowsAsync<DiskFullException>(() => blobs.PutAsync("ckpt/job/t-0001.r0.x0", new byte[800_000]));
            Assert.False(space.GaveUp.IsCancellationRequested);
            _clock.Advance(TimeSpan.FromSeconds(15));
        }
        await Assert.ThrowsAsync<DiskFullException>(() => blobs.PutAsync("ckpt/job/t-0001.r0.x0", new byte[800_000]));
        Assert.True(space.GaveUp.IsCancellationRequested);
        var error = space.Stopped().Message;
        Assert.Contains("the disk holding /data/tuner.db.checkpoints stayed full for 5 min (no space left on device", error);
        Assert.Contains("move /data/tuner.db and /data/tuner.db.checkpoints/ to a disk with room and give --db the new path", error);
        Assert.EndsWith("run the same command again to resume", error);
    }

    [Fact]
    public void The_run_gives_up_before_a_worker_hands_its_trial_back_untouched()
    {
        // Past the worker's retry window its attempt is handed back with nothing stored, and the trial trains again from
        // its last checkpoint: the run must stop (saving what it has) before that.
        Assert.True(LocalDiskSpace.Wait < new Tuner.Worker.WorkerSettings().BlobRetry.Window);
    }

    /// <summary>The write that failed may stop trying (its attempt stopped, or the journal, on the same disk, could not
    /// record its end): the run is stopped when the wait is over all the same, not left waiting for a failure.</summary>
    [Fact]
    public async Task A_disk_full_once_and_never_written_again_stops_the_run_when_the_wait_is_over()
    {
        using var space = new LocalDiskSpace(DatabaseTarget.Parse("/data/tuner.db"), TimeSpan.FromMinutes(5), _clock);
        var blobs = space.Watch(new FullDisk());
        await Assert.ThrowsAsync<DiskFullException>(() => blobs.PutAsync("ckpt/job/t-0001.r0.x0", new byte[800_000]));
        _clock.Advance(TimeSpan.FromMinutes(4.9));
        Assert.False(space.GaveUp.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromMinutes(0.1));
        Assert.True(space.GaveUp.IsCancellationRequested);
        Assert.Contains("the disk holding /data/tuner.db.checkpoints stayed full for 5 min (no space left on device", space.Stopped().Message);
    }
}
