using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Tuner.Cli.Hosting;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;

namespace Tuner.Cli.Tests.Hosting;

/// <summary>tuner run's answer to a full checkpoint or journal disk, on a virtual clock: the run goes on while the disk is full for
/// less than the wait (retries resume it by themselves), and is stopped once it stayed full for the whole wait, with an
/// error that names the folder, says "no space left on device" and what to do.</summary>
public sealed class LocalDiskSpaceTests
{
    private readonly FakeTimeProvider _clock = new();
    private long _free = 1000; // the test's disk: full (its FullDisk fails writes with 1000 bytes free)

    /// <summary>A run's disk space watch on the test's clock and disk.</summary>
    private LocalDiskSpace Space(string db = "/data/tuner.db", TimeProvider? clock = null, Serilog.ILogger? log = null) =>
        new(DatabaseTarget.Parse(db), TimeSpan.FromMinutes(5), clock ?? _clock, log, _ => _free);

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
        using var space = Space();
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
        using var space = Space();
        var blobs = space.Watch(new FullDisk());
        await Assert.ThrowsAsync<DiskFullException>(() => blobs.PutAsync("ckpt/job/t-0001.r0.x0", new byte[800_000]));
        _clock.Advance(TimeSpan.FromMinutes(4.9));
        Assert.False(space.GaveUp.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromMinutes(0.1));
        Assert.True(space.GaveUp.IsCancellationRequested);
        // The folder once (it was named again inside the parentheses, by the failure's own message).
        Assert.StartsWith("the disk holding /data/tuner.db.checkpoints stayed full for 5 min (no space left on device: 1000 bytes free, 781 KB needed); the run stopped",
            space.Stopped().Message);
    }

    /// <summary>The write that failed stopped trying, and someone freed space meanwhile: the run goes on when the wait is
    /// over, where it stopped for want of a write that would have said so.</summary>
    [Fact]
    public async Task A_disk_freed_while_nothing_writes_lets_the_run_go_on_when_the_wait_is_over()
    {
        using var space = Space();
        var blobs = space.Watch(new FullDisk());
        await Assert.ThrowsAsync<DiskFullException>(() => blobs.PutAsync("ckpt/job/t-0001.r0.x0", new byte[800_000]));
        _free = 50_000_000;
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.False(space.GaveUp.IsCancellationRequested);
    }

    /// <summary>What Akka.Persistence hands the job actor when SQLite cannot write the journal on a full disk.</summary>
    private static Exception JournalFull() =>
        new InvalidOperationException("write failed", new SqliteException("SQLite Error 13: 'database or disk is full'.", SqliteDiskFull.Code));

    /// <summary>The journal alone may fill (its checkpoints elsewhere, or small): the job actor then restarts from the
    /// journal every few seconds and no checkpoint write fails. The run was left hanging, with a stack trace at each
    /// restart; its failures now count as the full disk they are, said by the node (the actor logs them at debug only).</summary>
    [Fact]
    public void A_journal_full_for_the_whole_wait_stops_the_run_naming_the_journal()
    {
        using var space = Space();
        for (var restart = 0; restart < 10; restart++) // the job actor's restarts, 30 s apart at most
        {
            Assert.True(space.Failed(JournalFull()));
            Assert.False(space.GaveUp.IsCancellationRequested);
            _clock.Advance(TimeSpan.FromSeconds(30));
        }
        Assert.True(space.GaveUp.IsCancellationRequested);
        var error = space.Stopped().Message;
        Assert.Contains("the disk holding /data stayed full for 5 min (no space left on device: the journal /data/tuner.db could not be written", error);
        Assert.Contains("move /data/tuner.db and /data/tuner.db.checkpoints/ to a disk with room", error);
    }

    /// <summary>A folder store with room.</summary>
    private sealed class RoomyDisk : IBlobStore
    {
        public Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default) => Task.CompletedTask;

        public Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default) => Task.FromResult<byte[]?>(null);
    }

    /// <summary>The checkpoint folder may be a mount of its own: checkpoints stored there say nothing of the journal's disk.</summary>
    [Fact]
    public async Task Checkpoints_stored_elsewhere_do_not_end_the_wait_for_a_full_journal()
    {
        using var space = Space();
        var blobs = space.Watch(new RoomyDisk());
        Assert.True(space.Failed(JournalFull()));
        await blobs.PutAsync("ckpt/job/t-0001.r0.x0", new byte[800_000]);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(space.GaveUp.IsCancellationRequested);
    }

    [Fact]
    public void A_journal_written_again_after_space_was_freed_lets_the_run_go_on()
    {
        using var space = Space();
        Assert.True(space.Failed(JournalFull()));
        _clock.Advance(TimeSpan.FromMinutes(2));
        space.Written();
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.False(space.GaveUp.IsCancellationRequested);
    }

    /// <summary>Other journal failures (a locked database, a PostgreSQL journal, whose disk is the server's) are logged
    /// as they come, stack trace and all: they are not this node's full disk to say.</summary>
    [Fact]
    public void Other_journal_failures_are_not_a_full_disk()
    {
        using var space = Space();
        Assert.False(space.Failed(new SqliteException("SQLite Error 5: 'database is locked'.", 5)));
        using var postgres = Space("postgres://tuner@db/tuner");
        Assert.False(postgres.Failed(JournalFull()));
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.False(space.GaveUp.IsCancellationRequested);
    }

    /// <summary>A system timer may fire a moment before the clock says its time has come (seen in a real run: the wait
    /// was over only at the next failed write, 25 s late; a run whose writes had stopped would have hung).</summary>
    private sealed class EarlyTimers(FakeTimeProvider clock) : TimeProvider
    {
        public override long GetTimestamp() => clock.GetTimestamp();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            clock.CreateTimer(callback, state, dueTime - TimeSpan.FromMilliseconds(1), period);
    }

    [Fact]
    public void A_timer_that_fires_a_moment_early_still_stops_the_run_when_the_wait_is_over()
    {
        using var space = Space(clock: new EarlyTimers(_clock));
        Assert.True(space.Failed(JournalFull()));
        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(space.GaveUp.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(space.GaveUp.IsCancellationRequested);
    }

    /// <summary>What was said, warnings and errors, as rendered.</summary>
    private sealed class Said : ILogEventSink
    {
        public List<string> Lines { get; } = [];

        public void Emit(LogEvent e)
        {
            if (e.Level >= LogEventLevel.Warning) lock (Lines) Lines.Add(e.RenderMessage());
        }
    }

    /// <summary>The journal and its checkpoints beside it fill together (the default layout): one full disk, said once,
    /// and once it has room the run goes on, said once too.</summary>
    [Fact]
    public async Task A_disk_holding_both_the_journal_and_the_checkpoints_is_said_full_once()
    {
        var said = new Said();
        using var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(said).CreateLogger();
        using var space = Space(log: log);
        var full = space.Watch(new FullDisk());
        Assert.True(space.Failed(JournalFull()));
        await Assert.ThrowsAsync<DiskFullException>(() => full.PutAsync("ckpt/job/t-0001.r0.x0", new byte[800_000]));
        Assert.True(space.Failed(JournalFull()));
        Assert.StartsWith("The disk holding \"/data\" is full (no space left on device: \"the journal /data/tuner.db could not be written", Assert.Single(said.Lines));

        space.Written();
        Assert.Equal(3, said.Lines.Count); // room for the journal; the checkpoints, still full, said now
        Assert.StartsWith("The disk holding \"/data\" has room again", said.Lines[1]);
        Assert.StartsWith("The disk holding \"/data/tuner.db.checkpoints\" is full", said.Lines[2]);
    }
}
