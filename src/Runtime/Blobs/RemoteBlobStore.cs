using Akka.Actor;
using Tuner.Contracts.Protocol;
using static Tuner.Contracts.Protocol.BlobProtocol;

namespace Tuner.Runtime.Blobs;

/// <summary>A worker's view of the coordinator's blob store: uploads and downloads in chunks of at most
/// <see cref="ChunkSize"/> bytes through <paramref name="endpoint"/> (the coordinator proxy). A chunk not answered within
/// <paramref name="chunkTimeout"/> is asked for again (the coordinator may be moving); a <see cref="BlobFailed"/> answer
/// (the coordinator could not read or write its database) is tried again after a pause, doubling from
/// <paramref name="firstPause"/> — a download's chunk alone, an upload whole (the coordinator drops a failed upload).
/// After <paramref name="attempts"/> tries it throws <see cref="IOException"/>; longer outages are for the caller to
/// ride out (<see cref="RetryingBlobStore"/>).</summary>
public sealed class RemoteBlobStore(ICanTell endpoint, TimeSpan? chunkTimeout = null, int attempts = 4, TimeSpan? firstPause = null) : IBlobStore
{
    private readonly TimeSpan _timeout = chunkTimeout ?? TimeSpan.FromSeconds(15);
    private readonly TimeSpan _firstPause = firstPause ?? TimeSpan.FromSeconds(1);

    public async Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        BlobIds.Check(id);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await UploadAsync(id, data, cancellation);
                return;
            }
            catch (TransferFailed) when (attempt < attempts)
            {
                await Task.Delay(Pause(attempt), cancellation); // then a new transfer, from the first chunk
            }
            catch (TransferFailed e)
            {
                throw new IOException(e.Message);
            }
        }
    }

    /// <summary>One transfer: every chunk, then the coordinator's word that the blob is stored.</summary>
    private async Task UploadAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        var transfer = Guid.NewGuid().ToString("N");
        int count = Math.Max(1, (data.Length + ChunkSize - 1) / ChunkSize);
        for (int i = 0; i < count; i++)
        {
            int start = i * ChunkSize;
            var chunk = new PutBlobChunk(id, transfer, i, count, data.Slice(start, Math.Min(ChunkSize, data.Length - start)).ToArray());
            switch (await AskAsync(chunk, cancellation))
            {
                // Chunks lost on the coordinator's side (its job manager moved mid-transfer): start again.
                case BlobChunkAck { Stored: false } when i == count - 1:
                    throw new TransferFailed($"storing blob {id}: the last chunk was not confirmed as stored");
                case BlobChunkAck:
                    break;
                case BlobFailed failed:
                    throw new TransferFailed($"storing blob {id} failed on the coordinator: {failed.Error}");
                case var other:
                    throw new TransferFailed($"storing blob {id}: unexpected reply {other.GetType().Name}");
            }
        }
    }

    public async Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default)
    {
        BlobIds.Check(id);
        byte[]? result = null;
        for (int i = 0, count = 1; i < count; i++)
        {
            for (int attempt = 1; ; attempt++)
            {
                var reply = await AskAsync(new GetBlobChunk(id, i), cancellation);
                if (reply is BlobFailed failed)
                {
                    if (attempt >= attempts) throw new IOException($"reading blob {id} failed on the coordinator: {failed.Error}");
                    await Task.Delay(Pause(attempt), cancellation);
                    continue;
                }
                switch (reply)
                {
                    case BlobNotFound:
                        return null;
                    case BlobChunk chunk:
                        if (i == 0)
                        {
                            count = chunk.Count;
                            result = new byte[chunk.Length];
                        }
                        else if (chunk.Count != count || result!.Length != chunk.Length)
                        {
                            throw new IOException($"blob {id} changed while it was being read");
                        }
                        chunk.Data.CopyTo(result!, (long)i * ChunkSize);
                        break;
                    case var other:
                        throw new IOException($"reading blob {id}: unexpected reply {other.GetType().Name}");
                }
                break;
            }
        }
        return result;
    }

    private TimeSpan Pause(int attempt) => _firstPause * (1 << Math.Min(attempt - 1, 4));

    private async Task<object> AskAsync(object message, CancellationToken cancellation)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await endpoint.Ask<object>(message, _timeout, cancellation);
            }
            catch (AskTimeoutException) when (attempt < attempts)
            {
                // The coordinator may be moving (singleton hand-over): ask again.
            }
            catch (AskTimeoutException)
            {
                throw new IOException($"the coordinator did not answer {message.GetType().Name} for blob {BlobIdOf(message)} {attempts} times in {_timeout.TotalSeconds:F0} s");
            }
        }
    }

    private static string BlobIdOf(object message) => message switch
    {
        PutBlobChunk put => put.BlobId,
        GetBlobChunk get => get.BlobId,
        _ => "?",
    };

    private sealed class TransferFailed(string message) : Exception(message);
}
