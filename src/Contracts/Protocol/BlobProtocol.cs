namespace Tuner.Contracts.Protocol;

/// <summary>Chunked transfer of checkpoints and datasets between workers and the coordinator's blob
/// store, so no message comes near Akka.Remote's frame size.</summary>
public static class BlobProtocol
{
    /// <summary>Largest chunk payload (64 KiB; base64 in JSON makes it ≈ 88 KB on the wire).</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>Chunk <paramref name="Index"/> of <paramref name="Count"/> of a blob being stored; the
    /// blob is written when the last chunk arrives. Chunks may be resent.</summary>
    public sealed record PutBlobChunk(string BlobId, string TransferId, int Index, int Count, byte[] Data) : ITunerMessage;

    /// <summary>Chunk received; <paramref name="Stored"/> once the whole blob is durable.</summary>
    public sealed record BlobChunkAck(string TransferId, int Index, bool Stored) : ITunerMessage;

    /// <summary>Asks for chunk <paramref name="Index"/> of a stored blob.</summary>
    public sealed record GetBlobChunk(string BlobId, int Index) : ITunerMessage;

    /// <summary>One chunk of a stored blob of <paramref name="Length"/> bytes in <paramref name="Count"/> chunks.</summary>
    public sealed record BlobChunk(string BlobId, int Index, int Count, long Length, byte[] Data) : ITunerMessage;

    /// <summary>No blob by that id.</summary>
    public sealed record BlobNotFound(string BlobId) : ITunerMessage;

    /// <summary>The store failed (e.g. the database is down); the caller may retry.</summary>
    public sealed record BlobFailed(string BlobId, string Error) : ITunerMessage;

    /// <summary>Blob ids Tuner uses.</summary>
    public static class Ids
    {
        public static string Dataset(string sha256) => $"data/{sha256}";
        public static string Checkpoint(string jobId, string workId) => $"ckpt/{jobId}/{workId}";
        public static string HandBack(string jobId, string workId, int epoch) => $"ckpt/{jobId}/{workId}@{epoch}";

        /// <summary>The state of work item <paramref name="workId"/> after epoch <paramref name="epoch"/> before its last:
        /// a finished attempt stores its best epoch's state here (the best model, PRODUCT.md §8) when that epoch is not
        /// its last (whose state is <see cref="Checkpoint"/>). The same id as a hand-back at that epoch, deliberately:
        /// both hold exactly that state.</summary>
        public static string EpochState(string jobId, string workId, int epoch) => HandBack(jobId, workId, epoch);
    }
}
