namespace Tuner.Runtime.Blobs;

/// <summary>Decides, from the blob writes of a node whose store is a folder, when its disk is full, when it has room
/// again, and when it has been full too long to wait for: said once each, not at every retry. Pure but for the lock (the
/// writes come from several threads) and the injected clock.</summary>
/// <param name="giveUpAfter">How long the disk may stay full before <see cref="Verdict.GiveUp"/>.</param>
public sealed class DiskFullWatch(TimeSpan giveUpAfter, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private long? _fullSince; // timestamp of the first failure since the disk last had room
    private long _needed;     // the largest write that failed meanwhile
    private long _available;  // the most space a failure left free meanwhile
    private bool _gaveUp;

    public TimeSpan GiveUpAfter { get; } = giveUpAfter;

    /// <summary>What a write's result calls for.</summary>
    public enum Verdict
    {
        /// <summary>Nothing new to say.</summary>
        None,
        /// <summary>The disk just became full.</summary>
        Full,
        /// <summary>A write as large as the largest that failed succeeded: the disk has room again.</summary>
        Room,
        /// <summary>Full for <see cref="GiveUpAfter"/> (said once).</summary>
        GiveUp,
    }

    /// <summary>A write failed for want of space.</summary>
    public Verdict Failed(DiskFullException full)
    {
        lock (_lock)
        {
            _needed = Math.Max(_needed, full.Needed);
            _available = Math.Max(_available, full.Available);
            if (_fullSince is not null) return DueGiveUp();
            _fullSince = clock.GetTimestamp();
            return Verdict.Full;
        }
    }

    /// <summary>Asked when the wait may be over (a timer <see cref="GiveUpAfter"/> after <see cref="Verdict.Full"/>), with the
    /// disk's <paramref name="freeBytes"/> now (null: unknown): the writes that failed may have stopped trying (an attempt
    /// stopped, a journal that cannot record its result), so a disk still full must not keep the run waiting for a failure
    /// that never comes — and a disk freed meanwhile must not stop it for want of a write that would have said so. Freed
    /// means room for the largest write that failed and more than any failure left: a journal's write needs more than its
    /// one page when its log grows, so a page's room alone would say "room" of a disk that refuses it again.</summary>
    public Verdict Check(long? freeBytes)
    {
        lock (_lock)
        {
            if (_fullSince is null || _gaveUp) return Verdict.None;
            return freeBytes >= _needed && freeBytes > _available ? Roomy() : DueGiveUp();
        }
    }

    private Verdict DueGiveUp()
    {
        if (_gaveUp || clock.GetElapsedTime(_fullSince!.Value) < GiveUpAfter) return Verdict.None;
        _gaveUp = true;
        return Verdict.GiveUp;
    }

    /// <summary>A write of <paramref name="bytes"/> succeeded. A smaller one than what failed says little: a disk with a
    /// few KB left takes a small journal page or checkpoint and still refuses the large ones.</summary>
    public Verdict Stored(long bytes)
    {
        lock (_lock) return _fullSince is null || _gaveUp || bytes < _needed ? Verdict.None : Roomy();
    }

    /// <summary>Room again: the wait is over. Not after <see cref="Verdict.GiveUp"/>: the run is stopping by then, and
    /// "room again, the run goes on" would contradict it.</summary>
    private Verdict Roomy()
    {
        (_fullSince, _needed, _available) = (null, 0, 0);
        return Verdict.Room;
    }
}
