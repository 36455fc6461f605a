namespace Tuner.Engine.Training;

/// <summary>The outcome of a training call and the complete per-epoch history so far.</summary>
public sealed record TrainingResult(TrainingStatus Status, IReadOnlyList<EpochRecord> History, int EpochsCompleted, string? Reason = null);
