using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace Tuner.Runtime.Blobs;

/// <summary>Blobs as files under a folder (local mode: <c>&lt;db&gt;.checkpoints/</c>). Writes go to a
/// temporary file that is then renamed, so a crashed process never leaves a half-written checkpoint (no fsync:
/// after a power cut, a promotion whose checkpoint was lost fails with a clear error). Large blobs are written to a
/// temporary file as they arrive and renamed on commit.</summary>
public sealed class FolderBlobStore : ILargeBlobStore
{
    private readonly string _root;
    private readonly ConcurrentDictionary<string, bool> _folders = new(StringComparer.Ordinal);

    public FolderBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        if (cancellation.IsCancellationRequested) return Task.FromCanceled(cancellation);
        // Small blobs are written synchronously: a checkpoint is written once, and for small ones asynchronous I/O
        // cost more than the write (this store serves thousands of puts a second). Large ones leave the caller's
        // thread (often an actor's) free.
        if (data.Length > SynchronousWriteLimit) return Task.Run(() => Write(id, data), cancellation);
        try
        {
            Write(id, data);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private const int SynchronousWriteLimit = 256 * 1024;

    private void Write(string id, ReadOnlyMemory<byte> data)
    {
        var path = PathOf(id);
        var folder = Path.GetDirectoryName(path)!;
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            if (!_folders.ContainsKey(folder))
            {
                Directory.CreateDirectory(folder);
                _folders.TryAdd(folder, true);
            }
            using (var file = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, data.Length))
            {
                RandomAccess.Write(file, data.Span, 0);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _folders.TryRemove(folder, out _); // perhaps removed behind our back: create it again next time
            try { File.Delete(temp); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
            // Told apart by the free space rather than the error's text or code, which differ by platform (and .NET's
            // preallocation says "the disk was full" with no errno at all).
            if (e is IOException && FreeSpace.Of(folder) is { } free && free < data.Length) throw new DiskFullException(_root, data.Length, free, e);
            throw;
        }
    }

    public async Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default)
    {
        var path = PathOf(id);
        try { return await File.ReadAllBytesAsync(path, cancellation); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    public Task<ILargeBlobWriter> CreateAsync(CancellationToken cancellation = default)
    {
        var folder = Path.Combine(_root, ".uploads");
        Directory.CreateDirectory(folder);
        return Task.FromResult<ILargeBlobWriter>(new FileWriter(this, Path.Combine(folder, $"{Guid.NewGuid():N}.tmp")));
    }

    public async Task<BlobSlice?> ReadSliceAsync(string id, long offset, int count, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        SafeFileHandle file;
        try { file = File.OpenHandle(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
        using (file)
        {
            var length = RandomAccess.GetLength(file);
            var data = new byte[(int)Math.Clamp(length - offset, 0, count)];
            int read = 0;
            while (read < data.Length)
            {
                int n = await RandomAccess.ReadAsync(file, data.AsMemory(read), offset + read, cancellation);
                if (n == 0) throw new IOException($"blob {id} changed while it was being read");
                read += n;
            }
            return new BlobSlice(length, data);
        }
    }

    /// <summary>A large blob as a temporary file under <c>.uploads/</c>, moved into place on commit.</summary>
    private sealed class FileWriter(FolderBlobStore store, string temp) : ILargeBlobWriter
    {
        private readonly FileStream _file = new(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        private bool _committed;

        public Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation = default) => _file.WriteAsync(data, cancellation).AsTask();

        public async Task CommitAsync(string id, CancellationToken cancellation = default)
        {
            var path = store.PathOf(id);
            await _file.FlushAsync(cancellation);
            await _file.DisposeAsync();
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(temp, path, overwrite: true);
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await _file.DisposeAsync();
            if (!_committed) File.Delete(temp);
        }
    }

    private string PathOf(string id)
    {
        BlobIds.Check(id);
        return Path.Combine(_root, id.Replace('/', Path.DirectorySeparatorChar));
    }
}
