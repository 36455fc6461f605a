using Microsoft.Extensions.Time.Testing;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Timing;

namespace Tuner.Runtime.Tests.Blobs;

/// <summary>A store behind which the database is down for a while, on a virtual clock: each failure is retried after the
/// backoff's pause until the store answers or the window is over.</summary>
public sealed class RetryingBlobStoreTests
{
    private static readonly RetryBackoff Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));

    /// <summary>A store that fails every call while <see cref="Down"/>, keeping blobs in memory otherwise.</summary>
    private sealed class FlakyStore : IBlobStore
    {
        private readonly Dictionary<string, byte[]> _blobs = [];

        public bool Down { get; set; } = true;
        public int Calls { get; private set; }

        public Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
        {
            Calls++;
            if (Down) return Task.FromException(new IOException("Failed to connect to 127.0.0.1:5432"));
            _blobs[id] = data.ToArray();
            return Task.CompletedTask;
        }

        public Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default)
        {
            Calls++;
            return Down ? Task.FromException<byte[]?>(new IOException("Failed to connect to 127.0.0.1:5432")) : Task.FromResult(_blobs.GetValueOrDefault(id));
        }
    }

    [Fact]
    public async Task A_write_is_tried_again_after_each_pause_until_the_database_is_back()
    {
        var clock = new FakeTimeProvider();
        var inner = new FlakyStore();
        var retries = new List<RetryingBlobStore.Retry>();
        var store = new RetryingBlobStore(inner, Backoff, clock, retries.Add);

        var put = store.PutAsync("ckpt/j/t-0001.r0.x0", new byte[] { 1, 2, 3 });
        Assert.Equal(1, inner.Calls);
        foreach (var (pause, calls) in new[] { (1, 2), (2, 3), (4, 4), (4, 5) })
        {
            await Until(() => retries.Count == calls - 1); // the pause has begun
            clock.Advance(TimeSpan.FromSeconds(pause) - TimeSpan.FromMilliseconds(1));
            await Task.Delay(50);
            Assert.Equal(calls - 1, inner.Calls); // not a moment early
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await Until(() => inner.Calls == calls);
        }
        inner.Down = false;
        await Until(() => retries.Count == 5);
        clock.Advance(TimeSpan.FromSeconds(4));
        await put;

        Assert.Equal(new byte[] { 1, 2, 3 }, await store.GetAsync("ckpt/j/t-0001.r0.x0"));
        Assert.Equal([1, 2, 4, 4, 4], retries.Select(r => (int)r.Pause.TotalSeconds));
        Assert.All(retries, r => Assert.Equal(("storing", "ckpt/j/t-0001.r0.x0", "Failed to connect to 127.0.0.1:5432"), (r.Operation, r.BlobId, r.Error)));
    }

    [Fact]
    public async Task After_the_window_the_store_is_unavailable_naming_the_blob_and_the_last_error()
    {
        var clock = new FakeTimeProvider();
        var inner = new FlakyStore();
        var pauses = new List<TimeSpan>();
        var store = new RetryingBlobStore(inner, Backoff, clock, r => pauses.Add(r.Pause));

        var read = store.GetAsync("data/abc");
        for (int i = 1; i < 10; i++)
        {
            await Until(() => pauses.Count == i);
            clock.Advance(pauses[^1]);
            await Until(() => inner.Calls == i + 1);
        }

        var error = await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => read);
        Assert.Equal("reading blob data/abc failed 10 times in 30 s: Failed to connect to 127.0.0.1:5432", error.Message);
        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(10, inner.Calls);
        Assert.Equal([1, 2, 4, 4, 4, 4, 4, 4, 3], pauses.Select(p => (int)p.TotalSeconds)); // the last try at the window's end
    }

    [Fact]
    public async Task The_caller_can_stop_waiting_and_a_bad_id_is_not_retried()
    {
        var clock = new FakeTimeProvider();
        var inner = new FlakyStore();
        var store = new RetryingBlobStore(inner, Backoff, clock);
        using var stop = new CancellationTokenSource();

        var put = store.PutAsync("ckpt/j/x", new byte[] { 1 }, stop.Token);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put);
        Assert.Equal(1, inner.Calls);

        var failing = new RetryingBlobStore(new FolderBlobStore(Path.Combine(Path.GetTempPath(), $"tuner-retry-{Guid.NewGuid():N}")), Backoff, clock);
        await Assert.ThrowsAsync<ArgumentException>(() => failing.GetAsync("../etc/passwd"));
    }

    [Fact]
    public async Task Stopped_while_retrying_it_says_the_failure_it_was_waiting_out()
    {
        // A leaving worker's hand-back on a full disk warned "A task was canceled." and nothing of the disk.
        var clock = new FakeTimeProvider();
        var inner = new FlakyStore();
        var retries = new List<RetryingBlobStore.Retry>();
        var store = new RetryingBlobStore(inner, Backoff, clock, retries.Add);
        using var stop = new CancellationTokenSource();

        var put = store.PutAsync("ckpt/j/x", new byte[] { 1 }, stop.Token);
        await Until(() => retries.Count == 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Until(() => retries.Count == 2);
        stop.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put);
        Assert.Equal("storing blob ckpt/j/x stopped after 2 failed tries: Failed to connect to 127.0.0.1:5432", error.Message);
        Assert.Equal(stop.Token, error.CancellationToken);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
