namespace Tuner.Runtime.Blobs;

/// <summary>Blobs as files under a folder (local mode: <c>&lt;db&gt;.checkpoints/</c>). Writes go to a
/// temporary file that is then renamed, so a crash never leaves a half-written checkpoint.</summary>
public sealed class FolderBlobStore : IBlobStore
{
    private readonly string _root;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _folders = new(StringComparer.Ordinal);

    public FolderBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        if (cancellation.IsCancellationRequested) return Task.FromCanceled(cancellation);
        var path = PathOf(id);
        var folder = Path.GetDirectoryName(path)!;
        try
        {
            if (!_folders.ContainsKey(folder))
            {
                Directory.CreateDirectory(folder);
                _folders.TryAdd(folder, true);
            }
            // Written whole and synchronously: a checkpoint is written once, and for small ones the asynchronous
            // I/O bookkeeping cost more than the write (this store serves thousands of puts a second).
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            using (var file = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, data.Length))
            {
                RandomAccess.Write(file, data.Span, 0);
            }
            File.Move(temp, path, overwrite: true);
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _folders.TryRemove(folder, out _); // perhaps removed behind our back: create it again next time
            return Task.FromException(e);
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
