using Tuner.Runtime.Timing;

namespace Tuner.Runtime.Blobs;

/// <summary>An <see cref="IBlobStore"/> that rides out failures of the store behind it: a failed read or write is tried
/// again after the <see cref="RetryBackoff"/>'s pauses (on <paramref name="clock"/>) until it succeeds, the caller
/// cancels, or the window is over — then <see cref="BlobStoreUnavailableException"/>. Every failure counts as one that
/// may pass (a database restart, a coordinator moving) except a bad blob id (<see cref="ArgumentException"/>).</summary>
/// <param name="retrying">Told of each failure that will be retried (for a log line).</param>
public sealed class RetryingBlobStore(IBlobStore inner, RetryBackoff backoff, TimeProvider clock, Action<RetryingBlobStore.Retry>? retrying = null) : IBlobStore
{
    public Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default) =>
        WithRetries("storing", id, async () =>
        {
            await inner.PutAsync(id, data, cancellation).ConfigureAwait(false);
            return true;
        }, cancellation);

    public Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default) =>
        WithRetries("reading", id, () => inner.GetAsync(id, cancellation), cancellation);

    private async Task<T> WithRetries<T>(string operation, string id, Func<Task<T>> call, CancellationToken cancellation)
    {
        long firstFailure = 0;
        Exception? lastFailure = null;
        TimeSpan? pause = null;
        for (int failures = 1; ; failures++)
        {
            try
            {
                if (pause is { } wait) await Task.Delay(wait, clock, cancellation).ConfigureAwait(false);
                return await call().ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (cancellation.IsCancellationRequested && lastFailure is not null)
            {
                throw StoppedRetrying(operation, id, failures - 1, lastFailure, e);
            }
            catch (Exception e) when (e is not ArgumentException && !(e is OperationCanceledException && cancellation.IsCancellationRequested))
            {
                if (failures == 1) firstFailure = clock.GetTimestamp();
                var since = clock.GetElapsedTime(firstFailure);
                pause = backoff.Delay(failures, since)
                    ?? throw new BlobStoreUnavailableException($"{operation} blob {id} failed {failures} times in {since.TotalSeconds:F0} s: {e.Message}", e);
                retrying?.Invoke(new Retry(operation, id, failures, pause.Value, e.Message, e is DiskFullException));
                lastFailure = e;
            }
        }
    }

    /// <summary>The caller stopped waiting (a leaving worker's deadline, a stopped attempt) after failures: still a
    /// cancellation, but saying why the write had not gone through, where "A task was canceled." said nothing.</summary>
    private static OperationCanceledException StoppedRetrying(string operation, string id, int failures, Exception last, OperationCanceledException stopped) =>
        new($"{operation} blob {id} stopped after {failures} failed {(failures == 1 ? "try" : "tries")}: {last.Message}", stopped, stopped.CancellationToken);

    /// <summary>Failure number <paramref name="Failures"/> of <paramref name="Operation"/> ("storing", "reading") blob
    /// <paramref name="BlobId"/>; the next try comes after <paramref name="Pause"/>. <paramref name="DiskFull"/>: for want
    /// of space on a folder store's disk (<see cref="DiskFullException"/>), which a local node says once itself.</summary>
    public sealed record Retry(string Operation, string BlobId, int Failures, TimeSpan Pause, string Error, bool DiskFull = false);
}
