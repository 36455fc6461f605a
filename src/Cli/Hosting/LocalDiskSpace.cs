using Serilog;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;

namespace Tuner.Cli.Hosting;

/// <summary>What <c>tuner run</c> does when the disk holding its checkpoints fills (<see cref="DiskFullWatch"/> decides):
/// says so at once, naming the folder and what to do; waits, retrying, since someone may free space (the run then goes
/// on by itself); and after <see cref="Wait"/> ends the run as Ctrl-C would — trials handed back, the journal saved —
/// with exit 1 and why. An overnight search on a full disk is then a stopped run with a clear message in the morning,
/// resumed by the same command, rather than a process that retrains and retries until someone looks.</summary>
/// <param name="wait">How long a full disk is waited for (<see cref="Wait"/>; a test's is shorter).</param>
public sealed class LocalDiskSpace(DatabaseTarget db, TimeSpan wait, TimeProvider clock) : IDisposable
{
    /// <summary>How long a full disk is waited for: enough for a colleague's or a cleanup job's files to go; shorter than
    /// a worker's own retry window (10 min), after which it would train the trial again from its last checkpoint.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    private readonly CancellationTokenSource _gaveUp = new();
    private DiskWatchingBlobStore? _store;
    private ITimer? _deadline; // asks the watch once the wait is over, should no write fail by then to ask it
    private DiskFullException? _full;

    /// <summary>Cancelled when the disk stayed full for the whole wait.</summary>
    public CancellationToken GaveUp => _gaveUp.Token;

    /// <summary><paramref name="blobs"/>, with its writes watched.</summary>
    public IBlobStore Watch(IBlobStore blobs) => _store = new DiskWatchingBlobStore(blobs, new DiskFullWatch(wait, clock), OnVerdict);

    /// <summary>The error the run ends with once it gave up.</summary>
    public IOException Stopped() => new(
        $"the disk holding {_full?.Folder} stayed full for {Minutes(wait)} ({_full?.Message}); the run stopped, saving what it had. " +
        $"{Remedy()}, then run the same command again to resume", _full);

    public void Dispose()
    {
        _deadline?.Dispose();
        _gaveUp.Dispose();
    }

    private void OnVerdict(DiskFullWatch.Verdict verdict, DiskFullException? full)
    {
        switch (verdict)
        {
            case DiskFullWatch.Verdict.Full:
                _full = full;
                _deadline?.Dispose();
                _deadline = clock.CreateTimer(_ => _store?.Check(), null, wait, Timeout.InfiniteTimeSpan);
                Log.Warning("The disk holding {Folder} is full: {Problem}. {Remedy}; nothing recorded is lost. Training waits and tries again " +
                    "meanwhile, going on by itself once there is room; if the disk is still full in {Wait} the run stops, saving its state",
                    full!.Folder, full.Message, Remedy(), Minutes(wait));
                break;
            case DiskFullWatch.Verdict.Room:
                // A warning, as the one it ends was: information would be hidden under the live view.
                Log.Warning("The disk holding the checkpoints has room again: the run goes on");
                break;
            case DiskFullWatch.Verdict.GiveUp:
                _full = full ?? _full;
                Log.Error("The disk holding {Folder} is still full after {Wait}: stopping the run", _full?.Folder, Minutes(wait));
                _gaveUp.Cancel();
                break;
        }
    }

    private string Remedy() =>
        $"Free space on it, or move {db.SqliteFile} and {db.SqliteFile}.checkpoints/ to a disk with room and give --db the new path";

    private static string Minutes(TimeSpan t) => $"{t.TotalMinutes:0.#} min";
}
