namespace Tuner.Runtime.Blobs;

/// <summary>Blobs as files under a folder (local mode: <c>&lt;db&gt;.checkpoints/</c>). Writes go to a
/// temporary file that is then renamed, so a crash never leaves a half-written checkpoint.</summary>
public sealed class FolderBlobStore : IBlobStore
{
    private readonly string _root;

    public FolderBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public async Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        var path = PathOf(id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await file.WriteAsync(data, cancellation);
            await file.FlushAsync(cancellation);
        }
        File.Move(temp, path, overwrite: true);
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
