using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;
using Tuner.Tests.Shared;

namespace Tuner.Runtime.Tests.Blobs;

/// <summary>The large-blob contract (datasets uploaded with PUT /api/datasets) for every store: written in pieces of any
/// size, invisible until committed, read back byte for byte a slice at a time and as a stream, replaced whole by a commit
/// under the same id, and nothing left behind by a writer disposed uncommitted.</summary>
public sealed class LargeBlobStoreTests
{
    private static async Task CheckContract(ILargeBlobStore store)
    {
        var data = new byte[1_000_003]; // several parts of every store, the last one partial
        new Random(5).NextBytes(data);
        const string id = "data/large-1";

        await using (var writer = await store.CreateAsync())
        {
            // Pieces of uneven sizes, as a request body arrives.
            for (int offset = 0, size = 1; offset < data.Length; offset += size, size = size * 3 % 70_001 + 1)
            {
                size = Math.Min(size, data.Length - offset);
                await writer.WriteAsync(data.AsMemory(offset, size));
            }
            Assert.Null(await store.ReadSliceAsync(id, 0, 1)); // nothing visible before the commit
            await writer.CommitAsync(id);
        }

        // Slices: whatever size is asked, each answer says the whole length and continues where asked.
        var read = new MemoryStream();
        for (long offset = 0; offset < data.Length;)
        {
            var slice = await store.ReadSliceAsync(id, offset, 50_000);
            Assert.NotNull(slice);
            Assert.Equal(data.Length, slice.Length);
            Assert.InRange(slice.Data.Length, 1, 50_000);
            read.Write(slice.Data);
            offset += slice.Data.Length;
        }
        Assert.Equal(data, read.ToArray());
        // As a stream, and through the small-blob interface too.
        var streamed = new MemoryStream();
        await new LargeBlobStream(store, id, data.Length).CopyToAsync(streamed, 65_536);
        Assert.Equal(data, streamed.ToArray());
        Assert.Equal(data, await store.GetAsync(id));
        Assert.Null(await store.ReadSliceAsync("data/never", 0, 10));

        // A second commit under the same id replaces the blob whole.
        await using (var writer = await store.CreateAsync())
        {
            await writer.WriteAsync(new byte[] { 7, 8, 9 });
            await writer.CommitAsync(id);
        }
        var replaced = await store.ReadSliceAsync(id, 0, 100);
        Assert.Equal(3, replaced!.Length);
        Assert.Equal(new byte[] { 7, 8, 9 }, replaced.Data);

        // An upload that fails midway (disposed uncommitted) leaves no blob and does not disturb the committed one.
        await using (var writer = await store.CreateAsync())
            await writer.WriteAsync(data.AsMemory(0, 200_000));
        Assert.Equal(new byte[] { 7, 8, 9 }, await store.GetAsync(id));
    }

    [Fact]
    public async Task Folder_store_keeps_the_large_blob_contract_and_leaves_no_temporary_files()
    {
        var root = Path.Combine(Path.GetTempPath(), $"tuner-large-blobs-{Guid.NewGuid():N}");
        try
        {
            await CheckContract(new FolderBlobStore(root));
            Assert.Empty(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Sqlite_store_keeps_the_large_blob_contract()
    {
        var file = TestDatabases.TempSqliteFile();
        try { await CheckContract(new SqlBlobStore(DatabaseTarget.Parse(file))); }
        finally { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); File.Delete(file); }
    }

    [PostgresFact]
    public async Task Postgres_store_keeps_the_large_blob_contract()
    {
        await CheckContract(new SqlBlobStore(DatabaseTarget.Parse(TestDatabases.CreatePostgresDatabase())));
    }
}
