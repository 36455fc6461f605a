using Akka.Actor;
using Akka.Configuration;
using Tuner.Contracts.Protocol;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Serialization;

namespace Tuner.Runtime.Tests.Blobs;

/// <summary>Checkpoints travel between actor systems in chunks: every message serialized
/// (serialize-messages = on), none larger than the chunk size.</summary>
public sealed class RemoteBlobTransferTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config Hocon = ConfigurationFactory.ParseString("""
        akka.actor.serialize-messages = on
        akka.loglevel = WARNING
        """).WithFallback(ConfigurationFactory.ParseString(SerializationConfig.Hocon));

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"tuner-blobs-{Guid.NewGuid():N}");

    public RemoteBlobTransferTests() : base(Hocon) { }

    protected override void AfterAll()
    {
        base.AfterAll();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_multi_chunk_blob_uploads_and_downloads_intact()
    {
        var backing = new FolderBlobStore(_root);
        var server = Sys.ActorOf(BlobStoreActor.Props(backing));
        var remote = new RemoteBlobStore(server);
        var data = new byte[BlobProtocol.ChunkSize * 5 + 123];
        new System.Random(7).NextBytes(data);

        await remote.PutAsync("ckpt/j/t-0001.r0.x0", data);

        Assert.Equal(data, await backing.GetAsync("ckpt/j/t-0001.r0.x0"));
        Assert.Equal(data, await remote.GetAsync("ckpt/j/t-0001.r0.x0"));
        Assert.Null(await remote.GetAsync("ckpt/j/missing"));
    }

    [Fact]
    public async Task A_blob_written_behind_the_actor_is_served_from_the_store()
    {
        var backing = new FolderBlobStore(_root);
        await backing.PutAsync("data/abc", new byte[] { 5, 6, 7 });
        var remote = new RemoteBlobStore(Sys.ActorOf(BlobStoreActor.Props(backing)));
        Assert.Equal(new byte[] { 5, 6, 7 }, await remote.GetAsync("data/abc"));
    }

    [Fact]
    public async Task Chunks_never_exceed_the_chunk_size()
    {
        var probe = CreateTestProbe();
        var remote = new RemoteBlobStore(probe.Ref, TimeSpan.FromSeconds(5));
        var upload = remote.PutAsync("ckpt/j/x", new byte[BlobProtocol.ChunkSize * 2 + 1]);
        for (int i = 0; i < 3; i++)
        {
            var chunk = probe.ExpectMsg<BlobProtocol.PutBlobChunk>();
            Assert.True(chunk.Data.Length <= BlobProtocol.ChunkSize);
            Assert.Equal((i, 3), (chunk.Index, chunk.Count));
            probe.Reply(new BlobProtocol.BlobChunkAck(chunk.TransferId, i, Stored: i == 2));
        }
        await upload;
    }

    [Fact]
    public async Task An_upload_the_coordinator_could_not_store_is_sent_again_whole_after_a_pause()
    {
        var probe = CreateTestProbe();
        var remote = new RemoteBlobStore(probe.Ref, TimeSpan.FromSeconds(5), attempts: 3, firstPause: TimeSpan.FromMilliseconds(200));
        var upload = remote.PutAsync("ckpt/j/x", new byte[BlobProtocol.ChunkSize + 1]);

        // The database was down when the coordinator wrote the blob: it answers the last chunk with BlobFailed.
        var first = probe.ExpectMsg<BlobProtocol.PutBlobChunk>();
        probe.Reply(new BlobProtocol.BlobChunkAck(first.TransferId, 0, Stored: false));
        probe.ExpectMsg<BlobProtocol.PutBlobChunk>(c => c.Index == 1);
        probe.Reply(new BlobProtocol.BlobFailed("ckpt/j/x", "Failed to connect to 127.0.0.1:5432"));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(150)); // the pause

        var again = probe.ExpectMsg<BlobProtocol.PutBlobChunk>();
        Assert.Equal(0, again.Index);
        Assert.NotEqual(first.TransferId, again.TransferId); // a new transfer: the coordinator dropped the failed one
        probe.Reply(new BlobProtocol.BlobChunkAck(again.TransferId, 0, Stored: false));
        probe.ExpectMsg<BlobProtocol.PutBlobChunk>(c => c.Index == 1);
        probe.Reply(new BlobProtocol.BlobChunkAck(again.TransferId, 1, Stored: true));
        await upload;
    }

    [Fact]
    public async Task A_chunk_the_coordinator_could_not_read_is_asked_for_again_and_after_the_last_try_the_read_fails()
    {
        var probe = CreateTestProbe();
        var remote = new RemoteBlobStore(probe.Ref, TimeSpan.FromSeconds(5), attempts: 3, firstPause: TimeSpan.FromMilliseconds(100));

        var read = remote.GetAsync("data/abc");
        probe.ExpectMsg<BlobProtocol.GetBlobChunk>(c => c.Index == 0);
        probe.Reply(new BlobProtocol.BlobFailed("data/abc", "Failed to connect"));
        probe.ExpectMsg<BlobProtocol.GetBlobChunk>(c => c.Index == 0);
        probe.Reply(new BlobProtocol.BlobChunk("data/abc", 0, 1, 3, new byte[] { 5, 6, 7 }));
        Assert.Equal(new byte[] { 5, 6, 7 }, await read);

        var failing = remote.GetAsync("data/abc");
        for (int i = 0; i < 3; i++)
        {
            probe.ExpectMsg<BlobProtocol.GetBlobChunk>();
            probe.Reply(new BlobProtocol.BlobFailed("data/abc", "Failed to connect"));
        }
        var error = await Assert.ThrowsAsync<IOException>(() => failing);
        Assert.Equal("reading blob data/abc failed on the coordinator: Failed to connect", error.Message);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
