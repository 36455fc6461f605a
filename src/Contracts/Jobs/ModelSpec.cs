namespace Tuner.Contracts.Jobs;

/// <summary>The job's <c>model</c>: [Embedding(vocabulary, <paramref name="EmbeddingDim"/>)] → recurrent layer(s), each
/// <paramref name="Bidirectional"/> or not → Dropout → the task's head (PRODUCT.md §6). Defaults: lstm, 1 layer, tanh,
/// one direction, embedding dimension 32 (used only by the tasks that read tokens).</summary>
public sealed record ModelSpec(
    CellKind Cell = CellKind.Lstm,
    int Layers = 1,
    ActivationKind Activation = ActivationKind.Tanh,
    bool Bidirectional = false,
    int EmbeddingDim = ModelSpec.DefaultEmbeddingDim)
{
    public const int DefaultEmbeddingDim = 32;
}
