namespace Tuner.Runtime.Blobs;

/// <summary>An <see cref="IBlobStore"/> that tells <paramref name="stored"/> the size of each write that succeeded and
/// <paramref name="failed"/> each that failed for want of space — local mode's way (with a <see cref="DiskFullWatch"/>
/// deciding) of saying a full disk once, clearly, and of ending a run it keeps from going on. Writes and their failures
/// pass through unchanged; a write that completed at once still has (callers tell a folder's synchronous writes by it).</summary>
public sealed class DiskWatchingBlobStore(IBlobStore inner, Action<long> stored, Action<DiskFullException> failed) : IBlobStore
{
    public Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        var put = inner.PutAsync(id, data, cancellation);
        if (put.IsCompletedSuccessfully)
        {
            stored(data.Length);
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
            failed(full);
            throw;
        }
        stored(bytes);
    }
}
