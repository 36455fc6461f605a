namespace Tuner.Engine.Layers;

/// <summary>How the first recurrent layer above an embedding gets its input projection X·W_ihᵀ, where each
/// row of X is the table row of a token. Per row: the rows are copied out and multiplied, T·B rows. Through the
/// table: E·W_ihᵀ once for the V table rows, then each token's projected row is gathered; backward gathers the
/// gate gradients per token and needs two V-row products for dW_ih and the table's gradient instead of two
/// T·B-row ones. The same sums up to rounding; the table costs fewer products whenever V &lt; T·B (the seeds'
/// IMDB batch: V = 10,000 against 25,600 rows).</summary>
public enum EmbeddingProjection
{
    /// <summary>Through the table when the vocabulary has fewer rows than the batch, else per row.</summary>
    Automatic,
    PerRow,
    ThroughTable,
}

internal static class EmbeddingProjectionChoice
{
    public static bool UsesTable(this EmbeddingProjection mode, int vocabulary, int rows) => mode switch
    {
        EmbeddingProjection.PerRow => false,
        EmbeddingProjection.ThroughTable => true,
        _ => vocabulary < rows,
    };
}
