namespace Tuner.Runtime.Blobs;

/// <summary>An <see cref="IBlobStore"/> that shows its writes' results to a <see cref="DiskFullWatch"/> and tells
/// <paramref name="verdict"/> what the watch decides (not <see cref="DiskFullWatch.Verdict.None"/>) — local mode's way of
/// saying a full disk once, clearly, and of ending a run it keeps from going on. Writes and their failures pass through
/// unchanged; a write that completed at once still has (callers tell a folder's synchronous writes by it).</summary>
public sealed class DiskWatchingBlobStore(IBlobStore inner, DiskFullWatch watch, Action<DiskFullWatch.Verdict, DiskFullException?> verdict) : IBlobStore
{
    public Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        var put = inner.PutAsync(id, data, cancellation);
        if (put.IsCompletedSuccessfully)
        {
            Tell(watch.Stored(data.Length), null);
            return put;
        }
        return Watched(put, data.Length);
    }

    public Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default) => inner.GetAsync(id, cancellation);

    private async Task Watched(Task put, long bytes)
    {
        try
        {
            await put.ConfigureAwait(false);
        }
        catch (DiskFullException full)
        {
            Tell(watch.Failed(full), full);
            throw;
        }
        Tell(watch.Stored(bytes), null);
    }

    private void Tell(DiskFullWatch.Verdict said, DiskFullException? full)
    {
        if (said != DiskFullWatch.Verdict.None) verdict(said, full);
    }
}
