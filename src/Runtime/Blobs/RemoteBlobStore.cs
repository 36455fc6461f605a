using Akka.Actor;
using Tuner.Contracts.Protocol;
using static Tuner.Contracts.Protocol.BlobProtocol;

namespace Tuner.Runtime.Blobs;

/// <summary>A worker's view of the coordinator's blob store: uploads and downloads in chunks of
/// at most <see cref="ChunkSize"/> bytes through <paramref name="endpoint"/> (the coordinator
/// proxy), each chunk asked for with a timeout and retried.</summary>
public sealed class RemoteBlobStore(ICanTell endpoint, TimeSpan? chunkTimeout = null, int attempts = 4) : IBlobStore
{
    private readonly TimeSpan _timeout = chunkTimeout ?? TimeSpan.FromSeconds(15);

    public async Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        BlobIds.Check(id);
        var transfer = Guid.NewGuid().ToString("N");
        int count = Math.Max(1, (data.Length + ChunkSize - 1) / ChunkSize);
        for (int i = 0; i < count; i++)
        {
            int start = i * ChunkSize;
            var chunk = new PutBlobChunk(id, transfer, i, count, data.Slice(start, Math.Min(ChunkSize, data.Length - start)).ToArray());
            var reply = await AskAsync(chunk, cancellation);
            switch (reply)
            {
                case BlobChunkAck ack when i == count - 1 && !ack.Stored:
                    throw new IOException($"storing blob {id}: the last chunk was not confirmed as stored");
                case BlobChunkAck:
                    break;
                case BlobFailed failed:
                    throw new IOException($"storing blob {id} failed on the coordinator: {failed.Error}");
                default:
                    throw new IOException($"storing blob {id}: unexpected reply {reply.GetType().Name}");
            }
        }
    }

    public async Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default)
    {
        BlobIds.Check(id);
        byte[]? result = null;
        for (int i = 0, count = 1; i < count; i++)
        {
            switch (await AskAsync(new GetBlobChunk(id, i), cancellation))
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
                case BlobFailed failed:
                    throw new IOException($"reading blob {id} failed on the coordinator: {failed.Error}");
                case var other:
                    throw new IOException($"reading blob {id}: unexpected reply {other.GetType().Name}");
            }
        }
        return result;
    }

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
        }
    }
}
