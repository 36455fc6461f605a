using Serilog;
using Tuner.Coordinator.Jobs;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;

namespace Tuner.Cli.Hosting;

/// <summary>What <c>tuner run</c> does when the disk holding its checkpoints or its SQLite journal fills (a
/// <see cref="DiskFullWatch"/> decides for each: the checkpoint folder may be a mount of its own, and a write that
/// succeeds in one says nothing of the other): says so at once, naming the folder and what to do;
/// waits, retrying, since someone may free space (the run then goes on by itself); and after <see cref="Wait"/> ends the
/// run as Ctrl-C would — trials handed back, what the journal holds kept — with exit 1 and why. An overnight search on a
/// full disk is then a stopped run with a clear message in the morning, resumed by the same command, rather than a
/// process that retrains and retries (or restarts its job from the journal) until someone looks.</summary>
/// <param name="wait">How long a full disk is waited for (<see cref="Wait"/>; a test's is shorter).</param>
/// <param name="log">Where it is said; null: the global logger at the time (the live view replaces it).</param>
/// <param name="freeBytes">The bytes free on the disk holding a path (null: <see cref="FreeSpace.Of"/>; a test's disk).</param>
public sealed class LocalDiskSpace(DatabaseTarget db, TimeSpan wait, TimeProvider clock, ILogger? log = null, Func<string, long?>? freeBytes = null)
    : IJournalWatch, IDisposable
{
    /// <summary>How long a full disk is waited for: enough for a colleague's or a cleanup job's files to go; shorter than
    /// a worker's own retry window (10 min), after which it would train the trial again from its last checkpoint.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    private readonly Place _checkpoints = new(new DiskFullWatch(wait, clock));
    private readonly Place _journal = new(new DiskFullWatch(wait, clock));
    private readonly CancellationTokenSource _gaveUp = new();
    private readonly Lock _lock = new(); // the journal's and the checkpoints' verdicts come from different threads
    private DiskFullException? _stoppedBy;
    private bool _disposed; // a deadline's timer may still fire while the run ends

    /// <summary>One of the places the run writes to, and what was said of its disk.</summary>
    private sealed class Place(DiskFullWatch watch)
    {
        public DiskFullWatch Watch { get; } = watch;

        public ITimer? Deadline { get; set; } // asks the watch once the wait is over, should no write fail by then to ask it

        public DiskFullException? Full { get; set; } // the last failure that made it full

        public bool IsFull { get; set; }

        public bool Said { get; set; } // that it is full
    }

    private ILogger Log => log ?? Serilog.Log.Logger;

    private long? FreeBytes(string path) => (freeBytes ?? FreeSpace.Of)(path);

    /// <summary>Cancelled when the disk stayed full for the whole wait.</summary>
    public CancellationToken GaveUp => _gaveUp.Token;

    /// <summary><paramref name="blobs"/>, with its writes watched.</summary>
    public IBlobStore Watch(IBlobStore blobs) => new DiskWatchingBlobStore(blobs,
        bytes => Decide(_checkpoints, watch => watch.Stored(bytes), null),
        full => Decide(_checkpoints, watch => watch.Failed(full), full));

    /// <summary>A journal write that failed with SQLite's "database or disk is full" counts as a full disk (a PostgreSQL
    /// journal's disk is the server's: its failures are logged as they come).</summary>
    public bool Failed(Exception cause)
    {
        if (db.SqliteFile is not { } journal || !SqliteDiskFull.In(cause)) return false;
        var full = DiskFullException.Journal(journal, FreeBytes(journal) ?? 0, cause);
        Decide(_journal, watch => watch.Failed(full), full);
        return true;
    }

    /// <summary>A journal entry written: room for a page at least.</summary>
    public void Written() => Decide(_journal, watch => watch.Stored(DiskFullException.JournalPage), null);

    /// <summary>The error the run ends with once it gave up.</summary>
    public IOException Stopped() => new(
        $"the disk holding {_stoppedBy?.Folder} stayed full for {Minutes(wait)} ({DiskFullException.NoSpace}: {_stoppedBy?.Detail}); the run stopped, keeping what it had recorded. " +
        $"{Remedy()}, then run the same command again to resume", _stoppedBy);

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _checkpoints.Deadline?.Dispose();
            _journal.Deadline?.Dispose();
        }
        _gaveUp.Dispose();
    }

    /// <summary>Asks <paramref name="place"/>'s watch (<paramref name="ask"/>) and acts on its verdict, both under one lock:
    /// writes end on several threads, and a verdict acted on out of the order it was given ("room again" after a later
    /// "full") would leave the run waiting without a deadline.</summary>
    private void Decide(Place place, Func<DiskFullWatch, DiskFullWatch.Verdict> ask, DiskFullException? full)
    {
        lock (_lock)
        {
            if (_disposed) return;
            switch (ask(place.Watch))
            {
                case DiskFullWatch.Verdict.Full:
                    (place.Full, place.IsFull) = (full, true);
                    place.Deadline?.Dispose();
                    // Then every second: a system timer may fire a moment before the watch's clock says the wait is over.
                    // The disk's free space is asked too: the writes that failed may have stopped trying while space was freed.
                    place.Deadline = clock.CreateTimer(_ => Decide(place, watch => watch.Check(FreeBytes(place.Full!.Folder)), null), null, wait, TimeSpan.FromSeconds(1));
                    // One full disk said once: the journal and the checkpoints beside it fill together. The other is said
                    // should this one get room first (then they are on different disks).
                    if (Other(place).Said) Log.Debug("{Problem} (a full disk was said already)", full!.Message);
                    else SayFull(place);
                    break;
                case DiskFullWatch.Verdict.Room:
                    place.Deadline?.Dispose();
                    place.IsFull = false;
                    if (!place.Said) break;
                    place.Said = false;
                    // A warning, as the one it ends was: information would be hidden under the live view.
                    Log.Warning("The disk holding {Folder} has room again: the run goes on", place.Full?.Folder);
                    if (Other(place) is { IsFull: true } still) SayFull(still);
                    break;
                case DiskFullWatch.Verdict.GiveUp:
                    place.Deadline?.Dispose();
                    _stoppedBy = full ?? place.Full;
                    Log.Error("The disk holding {Folder} is still full after {Wait}: stopping the run", _stoppedBy?.Folder, Minutes(wait));
                    // The token's callbacks (the run's stop) on the thread pool, not on the writer's thread, which may be an
                    // actor's; under the lock, so never after Dispose.
                    _ = _gaveUp.CancelAsync();
                    break;
            }
        }
    }

    private Place Other(Place place) => place == _journal ? _checkpoints : _journal;

    private void SayFull(Place place)
    {
        place.Said = true;
        Log.Warning("The disk holding {Folder} is full (" + DiskFullException.NoSpace + ": {Problem}). {Remedy}; nothing recorded is lost. Training waits and tries again " +
            "meanwhile, going on by itself once there is room; if the disk is still full in {Wait} the run stops, keeping what it recorded",
            place.Full!.Folder, place.Full.Detail, Remedy(), Minutes(wait));
    }

    private string Remedy() =>
        $"Free space on it, or move {db.SqliteFile} and {db.SqliteFile}.checkpoints/ to a disk with room and give --db the new path";

    private static string Minutes(TimeSpan t) => $"{t.TotalMinutes:0.#} min";
}
