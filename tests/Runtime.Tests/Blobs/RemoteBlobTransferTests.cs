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
}
