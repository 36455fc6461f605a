namespace Tuner.Runtime.Blobs;

/// <summary>A blob store that also takes and serves blobs too large to hold in memory (datasets up to
/// TUNER_MAX_DATASET_BYTES): written piece by piece and committed under their final id once complete (the id of a dataset
/// is its SHA-256, known only at the end), read a slice at a time. The coordinator's stores (folder, SQL) are such stores.</summary>
public interface ILargeBlobStore : IBlobStore
{
    /// <summary>A new blob, written in pieces; nothing is visible until <see cref="ILargeBlobWriter.CommitAsync"/>, and
    /// disposing an uncommitted writer removes what it wrote.</summary>
    Task<ILargeBlobWriter> CreateAsync(CancellationToken cancellation = default);

    /// <summary>At most <paramref name="count"/> bytes from <paramref name="offset"/> (fewer at the end, or where a
    /// store's pieces end: read on), with the blob's whole length; null when there is no blob <paramref name="id"/>.</summary>
    Task<BlobSlice?> ReadSliceAsync(string id, long offset, int count, CancellationToken cancellation = default);
}

/// <summary>Part of a blob: <paramref name="Data"/> from the requested offset, and the blob's <paramref name="Length"/>.</summary>
public sealed record BlobSlice(long Length, byte[] Data);

/// <summary>A blob being written (<see cref="ILargeBlobStore.CreateAsync"/>).</summary>
public interface ILargeBlobWriter : IAsyncDisposable
{
    /// <summary>Appends <paramref name="data"/> (the writer copies what it keeps).</summary>
    Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation = default);

    /// <summary>Makes what was written the blob <paramref name="id"/>, replacing any blob of that id, in one step.</summary>
    Task CommitAsync(string id, CancellationToken cancellation = default);
}

/// <summary>A large blob as a read-only stream of slices (the whole blob never in memory).</summary>
public sealed class LargeBlobStream(ILargeBlobStore store, string id, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0) return 0;
        var slice = await store.ReadSliceAsync(id, _position, buffer.Length, cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"blob {id} disappeared while it was being read");
        if (slice.Length != length) throw new IOException($"blob {id} changed while it was being read");
        slice.Data.CopyTo(buffer);
        _position += slice.Data.Length;
        return slice.Data.Length;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
