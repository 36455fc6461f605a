using Akka.TestKit.Xunit2;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs.Job;
using Tuner.Runtime.Blobs;
using static Tuner.Contracts.Protocol.TrialProtocol;

namespace Tuner.Coordinator.Tests.Jobs.Job;

/// <summary>What the job is told when storing the checkpoints inside results fails: a full disk is known as one (tuner run
/// then says it once itself, and the job's line per resend is debug), with the full disk's own message.</summary>
public sealed class InlineCheckpointsTests : TestKit
{
    /// <summary>A folder store whose disk is full, failing as FolderBlobStore does: later, off the caller's thread, with a
    /// <see cref="DiskFullException"/> around the file system's IOException.</summary>
    private sealed class FullDisk : IBlobStore
    {
        public async Task PutAsync(string id, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
        {
            await Task.Yield();
            throw new DiskFullException("/data/tuner.db.checkpoints", data.Length, 10, new IOException("Disk full. Path /data/x.tmp"));
        }

        public Task<byte[]?> GetAsync(string id, CancellationToken cancellation = default) => Task.FromResult<byte[]?>(null);
    }

    private static AttemptFinished Report(string attempt) =>
        new("job", attempt, attempt.Split('#')[0], AttemptOutcome.Completed, [], null, $"ckpt/job/{attempt}", 1, InlineCheckpoint: new byte[100]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_full_disk_is_told_as_one_with_its_own_message(int attempts)
    {
        var checkpoints = new InlineCheckpoints(new FullDisk(), diskFullSaid: true);
        var reports = Enumerable.Range(1, attempts).Select(i => Report($"t-000{i}#1")).ToList();

        Assert.True(checkpoints.Store(reports, [], TestActor, TestActor));

        var stored = ExpectMsg<InlineCheckpoints.Stored>();
        // It was the IOException at the chain's base: "Disk full. Path …", not known as a full disk.
        Assert.True(stored.DiskFull);
        Assert.StartsWith("no space left on device: /data/tuner.db.checkpoints has 10 bytes free", stored.Error);
    }
}
