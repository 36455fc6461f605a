namespace Tuner.Contracts.Search;

/// <summary>The complete state of a <see cref="DeterministicRandom"/>: four 64-bit words, serializable.</summary>
public readonly record struct RandomState(ulong S0, ulong S1, ulong S2, ulong S3);
