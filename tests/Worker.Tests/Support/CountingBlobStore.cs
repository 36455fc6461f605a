using System.Collections.Concurrent;
using Tuner.Runtime.Blobs;

namespace Tuner.Worker.Tests.Support;

/// <summary>Counts reads per blob id on the way to another store; can hold reads until released, slow writes down, and
/// fail calls as a database that is down would.</summary>
internal sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private int _puts;
    private int _gets;

    /// <summary>Reads wait for this before they go on (completed by default).</summary>
    public TaskCompletionSource Gate { get; set; } = Completed();

    /// <summary>Writes take at least this long (a slow database or network).</summary>
    public TimeSpan PutDelay { get; init; }

    public int Reads(string id) => _reads.GetValueOrDefault(id);

    /// <summary>This many writes fail (as a database that is down) before writes succeed again.</summary>
    public int FailingPuts { get; set; }

    /// <summary>This many reads fail before reads succeed again.</summary>
    public int FailingGets { get; set; }

    /// <summary>While true, every call fails: the database is down.</summary>
    public bool Down { get; set; }

    public int Puts => _puts;

    public int Gets => _gets;

    public async Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        await Task.Delay(PutDelay, cancellation);
        if (Interlocked.Increment(ref _puts) <= FailingPuts || Down) throw new IOException("database is down");
        await inner.PutAsync(id, data, cancellation);
    }

    public async Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default)
    {
        _reads.AddOrUpdate(id, 1, (_, n) => n + 1);
        await Gate.Task.WaitAsync(cancellation);
        if (Interlocked.Increment(ref _gets) <= FailingGets || Down) throw new IOException("database is down");
        return await inner.GetAsync(id, cancellation);
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
