using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;
using Tuner.Tests.Shared;

namespace Tuner.Runtime.Tests.Blobs;

/// <summary>The same contract for every store: put/get, overwrite, unknown id, large payloads, bad ids.</summary>
public sealed class BlobStoreTests
{
    private static async Task CheckContract(IBlobStore store)
    {
        var big = new byte[3_000_017];
        new System.Random(3).NextBytes(big);
        await store.PutAsync("ckpt/job-1/t-0001.r0.x0", big);
        Assert.Equal(big, await store.GetAsync("ckpt/job-1/t-0001.r0.x0"));
        await store.PutAsync("ckpt/job-1/t-0001.r0.x0", new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, await store.GetAsync("ckpt/job-1/t-0001.r0.x0"));
        await store.PutAsync("data/empty", ReadOnlyMemory<byte>.Empty);
        var empty = await store.GetAsync("data/empty");
        Assert.NotNull(empty);
        Assert.Empty(empty);
        Assert.Null(await store.GetAsync("ckpt/job-1/never"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync("../escape", new byte[1]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync("a//b"));
    }

    [Fact]
    public async Task Folder_store_keeps_the_contract_and_leaves_no_temporary_files()
    {
        var root = Path.Combine(Path.GetTempPath(), $"tuner-blobs-{Guid.NewGuid():N}");
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
    public async Task Sqlite_store_keeps_the_contract()
    {
        var file = TestDatabases.TempSqliteFile();
        try { await CheckContract(new SqlBlobStore(DatabaseTarget.Parse(file))); }
        finally { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); File.Delete(file); }
    }

    [PostgresFact]
    public async Task Postgres_store_keeps_the_contract()
    {
        await CheckContract(new SqlBlobStore(DatabaseTarget.Parse(TestDatabases.CreatePostgresDatabase())));
    }
}
