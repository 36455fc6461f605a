namespace Tuner.Engine.Models;

/// <summary>A batch of sequences as a model reads it, time-major: <see cref="Features"/> [T][B][D]
/// for a model without an embedding, or <see cref="Tokens"/> [T][B] (ids) for one with.</summary>
public readonly ref struct SequenceBatch
{
    private SequenceBatch(ReadOnlySpan<float> features, ReadOnlySpan<int> tokens, int steps, int batch, bool isTokens)
    {
        if (steps < 1 || batch < 1) throw new ArgumentException($"steps ({steps}) and batch ({batch}) must be >= 1");
        Features = features;
        Tokens = tokens;
        Steps = steps;
        Batch = batch;
        IsTokens = isTokens;
    }

    /// <summary>Float features, [T][B][D].</summary>
    public static SequenceBatch OfFeatures(ReadOnlySpan<float> features, int steps, int batch) => new(features, default, steps, batch, isTokens: false);

    /// <summary>Token ids, [T][B].</summary>
    public static SequenceBatch OfTokens(ReadOnlySpan<int> tokens, int steps, int batch) => new(default, tokens, steps, batch, isTokens: true);

    public ReadOnlySpan<float> Features { get; }
    public ReadOnlySpan<int> Tokens { get; }
    public int Steps { get; }
    public int Batch { get; }
    public bool IsTokens { get; }
}
