using System.Collections.Concurrent;

namespace Tuner.Runtime.Blobs;

/// <summary>Blobs as files under a folder (local mode: <c>&lt;db&gt;.checkpoints/</c>). Writes go to a
/// temporary file that is then renamed, so a crashed process never leaves a half-written checkpoint (no fsync:
/// after a power cut, a promotion whose checkpoint was lost fails with a clear error).</summary>
public sealed class FolderBlobStore : IBlobStore
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

    private string PathOf(string id)
    {
        BlobIds.Check(id);
        return Path.Combine(_root, id.Replace('/', Path.DirectorySeparatorChar));
    }
}
