using Akka.Actor;
using Akka.Event;
using Tuner.Contracts.Protocol;
using static Tuner.Contracts.Protocol.BlobProtocol;

namespace Tuner.Runtime.Blobs;

/// <summary>Serves an <see cref="IBlobStore"/> to other nodes in chunks (<see cref="BlobProtocol"/>):
/// assembles uploads and writes them when complete, and serves downloads from a small cache of
/// recently read blobs — or, from a store of large blobs (<see cref="ILargeBlobStore"/>: the coordinator's), a chunk
/// at a time, so a dataset of gigabytes is never in memory here. Store I/O runs as tasks piped back (a folder store
/// writes small blobs inline, large ones off the mailbox thread).</summary>
public sealed class BlobStoreActor : ReceiveActor, IWithTimers
{
    private const int CachedBlobs = 4;
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(5);

    private readonly IBlobStore _store;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Upload> _uploads = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, byte[] Data)> _cache = new();

    public BlobStoreActor(IBlobStore store)
    {
        _store = store;
        Receive<PutBlobChunk>(OnPut);
        Receive<Stored>(s => s.ReplyTo.Tell(new BlobChunkAck(s.TransferId, s.Index, Stored: true)));
        Receive<StoreFailed>(f => f.ReplyTo.Tell(new BlobFailed(f.BlobId, f.Error)));
        Receive<GetBlobChunk>(OnGet);
        Receive<Loaded>(OnLoaded);
        Receive<Sliced>(OnSliced);
        Receive<Sweep>(_ => SweepStaleUploads());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("sweep", Sweep.Instance, TransferTimeout);

    public static Props Props(IBlobStore store) => Akka.Actor.Props.Create(() => new BlobStoreActor(store));

    private void OnPut(PutBlobChunk chunk)
    {
        if (chunk.Count < 1 || chunk.Index < 0 || chunk.Index >= chunk.Count || chunk.Data.Length > ChunkSize)
        {
            Sender.Tell(new BlobFailed(chunk.BlobId, $"bad chunk {chunk.Index}/{chunk.Count} of {chunk.Data.Length} bytes"));
            return;
        }
        if (!_uploads.TryGetValue(chunk.TransferId, out var upload))
            _uploads[chunk.TransferId] = upload = new Upload(chunk.BlobId, new byte[chunk.Count][], DateTime.UtcNow);
        if (upload.Chunks.Length != chunk.Count || upload.BlobId != chunk.BlobId)
        {
            Sender.Tell(new BlobFailed(chunk.BlobId, "chunk does not match its transfer"));
            return;
        }
        upload.Chunks[chunk.Index] = chunk.Data;
        if (Array.Exists(upload.Chunks, c => c is null))
        {
            Sender.Tell(new BlobChunkAck(chunk.TransferId, chunk.Index, Stored: false));
            return;
        }
        _uploads.Remove(chunk.TransferId);
        var data = Concatenate(upload.Chunks!);
        Remember(chunk.BlobId, data);
        var replyTo = Sender;
        _store.PutAsync(chunk.BlobId, data).PipeTo(Self,
            success: () => new Stored(chunk.TransferId, chunk.Index, replyTo),
            failure: e => new StoreFailed(chunk.BlobId, e.Message, replyTo));
    }

    private void OnGet(GetBlobChunk request)
    {
        foreach (var (id, data) in _cache)
        {
            if (id != request.BlobId) continue;
            Sender.Tell(ChunkOf(id, data, request.Index));
            return;
        }
        var replyTo = Sender;
        if (_store is ILargeBlobStore large)
        {
            large.ReadSliceAsync(request.BlobId, (long)request.Index * ChunkSize, ChunkSize).PipeTo(Self,
                success: slice => new Sliced(request, slice, null, replyTo),
                failure: e => new Sliced(request, null, e.Message, replyTo));
            return;
        }
        _store.GetAsync(request.BlobId).PipeTo(Self,
            success: data => new Loaded(request, data, null, replyTo),
            failure: e => new Loaded(request, null, e.Message, replyTo));
    }

    private void OnLoaded(Loaded loaded)
    {
        if (loaded.Error is not null)
        {
            _log.Warning("Reading blob {BlobId} failed: {Error}", loaded.Request.BlobId, loaded.Error);
            loaded.ReplyTo.Tell(new BlobFailed(loaded.Request.BlobId, loaded.Error));
        }
        else if (loaded.Data is null)
        {
            loaded.ReplyTo.Tell(new BlobNotFound(loaded.Request.BlobId));
        }
        else
        {
            Remember(loaded.Request.BlobId, loaded.Data);
            loaded.ReplyTo.Tell(ChunkOf(loaded.Request.BlobId, loaded.Data, loaded.Request.Index));
        }
    }

    private void OnSliced(Sliced sliced)
    {
        var (request, replyTo) = (sliced.Request, sliced.ReplyTo);
        if (sliced.Error is not null)
        {
            _log.Warning("Reading blob {BlobId} failed: {Error}", request.BlobId, sliced.Error);
            replyTo.Tell(new BlobFailed(request.BlobId, sliced.Error));
            return;
        }
        if (sliced.Slice is not { } slice)
        {
            replyTo.Tell(new BlobNotFound(request.BlobId));
            return;
        }
        int count = (int)Math.Max(1, (slice.Length + ChunkSize - 1) / ChunkSize);
        replyTo.Tell(request.Index < 0 || request.Index >= count
            ? new BlobFailed(request.BlobId, $"chunk {request.Index} out of range (blob has {count})")
            : new BlobChunk(request.BlobId, request.Index, count, slice.Length, slice.Data));
    }

    private static byte[] Concatenate(byte[][] chunks)
    {
        if (chunks.Length == 1) return chunks[0];
        long length = 0;
        foreach (var c in chunks) length += c.Length;
        var data = new byte[length];
        long at = 0;
        foreach (var c in chunks)
        {
            c.CopyTo(data, at);
            at += c.Length;
        }
        return data;
    }

    private static ITunerMessage ChunkOf(string id, byte[] data, int index)
    {
        int count = Math.Max(1, (data.Length + ChunkSize - 1) / ChunkSize);
        if (index < 0 || index >= count) return new BlobFailed(id, $"chunk {index} out of range (blob has {count})");
        int start = index * ChunkSize;
        return new BlobChunk(id, index, count, data.Length, data.AsSpan(start, Math.Min(ChunkSize, data.Length - start)).ToArray());
    }

    private void Remember(string id, byte[] data)
    {
        for (var node = _cache.First; node is not null; node = node.Next)
            if (node.Value.Id == id) { _cache.Remove(node); break; }
        _cache.AddFirst((id, data));
        while (_cache.Count > CachedBlobs) _cache.RemoveLast();
    }

    private void SweepStaleUploads()
    {
        var cutoff = DateTime.UtcNow - TransferTimeout;
        foreach (var (transfer, upload) in _uploads.Where(u => u.Value.Started < cutoff).ToList())
        {
            _log.Warning("Dropping incomplete upload of {BlobId}", upload.BlobId);
            _uploads.Remove(transfer);
        }
    }

    private sealed record Upload(string BlobId, byte[]?[] Chunks, DateTime Started);

    private sealed record Stored(string TransferId, int Index, IActorRef ReplyTo);

    private sealed record StoreFailed(string BlobId, string Error, IActorRef ReplyTo);

    private sealed record Loaded(GetBlobChunk Request, byte[]? Data, string? Error, IActorRef ReplyTo);

    private sealed record Sliced(GetBlobChunk Request, BlobSlice? Slice, string? Error, IActorRef ReplyTo);

    private sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }
}
