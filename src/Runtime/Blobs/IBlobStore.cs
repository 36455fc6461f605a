namespace Tuner.Runtime.Blobs;

/// <summary>Named byte blobs: checkpoints (<c>ckpt/&lt;job&gt;/&lt;workId&gt;</c>) and datasets
/// (<c>data/&lt;sha256&gt;</c>). A put replaces; a get of an unknown id is null. Implementations
/// are safe to call concurrently.</summary>
public interface IBlobStore
{
    Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default);

    Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default);
}
