namespace Tuner.Runtime.Blobs;

/// <summary>The blob store kept failing for a whole retry window (<see cref="RetryingBlobStore"/>): the database or the
/// coordinator is down, which is nobody's trial's fault. Whoever waited for the blob hands its work back.</summary>
public sealed class BlobStoreUnavailableException(string message, Exception inner) : IOException(message, inner);
