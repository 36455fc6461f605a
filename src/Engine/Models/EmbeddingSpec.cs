namespace Tuner.Engine.Models;

/// <summary>A token embedding in front of the recurrent stack (Keras' <c>Embedding(input_dim =
/// Vocabulary, output_dim = Dimension)</c>): the model then reads one token id per step, 0..Vocabulary−1.</summary>
public sealed record EmbeddingSpec(int Vocabulary, int Dimension)
{
    /// <summary>The largest table: 2²⁸ floats (1 GiB, plus as much again per optimizer moment).</summary>
    public const long MaxTableSize = 1L << 28;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (Vocabulary < 1) throw new ArgumentException($"embedding vocabulary must be >= 1, got {Vocabulary}");
        if (Dimension < 1 || Dimension > 8192) throw new ArgumentException($"embedding dimension must be in 1..8192, got {Dimension}");
        if ((long)Vocabulary * Dimension > MaxTableSize)
            throw new ArgumentException($"embedding table of {Vocabulary} × {Dimension} exceeds {MaxTableSize} values; use a smaller vocabulary or dimension");
    }
}
