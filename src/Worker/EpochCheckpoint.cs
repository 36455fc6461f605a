namespace Tuner.Worker;

/// <summary>A training session's complete state after epoch <paramref name="Epoch"/> (engine checkpoint bytes).</summary>
public sealed record EpochCheckpoint(int Epoch, byte[] Bytes);
