using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;

namespace Tuner.Contracts.Search;

/// <summary>The hyperparameter names a search space may use (PRODUCT.md §1) and their accepted values.</summary>
/// <remarks>Upper limits on sizes (units, layers, batch size) keep one hostile job from exhausting a
/// worker's memory; they are far above what these models need.</remarks>
public static class HyperparameterCatalog
{
    public const int MaxUnits = 4096;
    public const int MaxLayers = 8;
    public const int MaxBatchSize = 65536;
    public const int MaxEmbeddingDim = 4096;

    /// <summary>The embedding's dimension, for the tasks that read tokens (a spec refuses it elsewhere).</summary>
    public const string EmbeddingDimName = "embedding_dim";

    /// <summary>The batch size, searched (it overrides the spec's <c>batchSize</c>).</summary>
    public const string BatchSizeName = "batch_size";

    /// <summary>Why a job whose model reads no tokens cannot take <see cref="EmbeddingDimName"/>: one wording for the
    /// searchSpace, model.embedding_dim and tuner train --set.</summary>
    public const string NoEmbedding = "the model has no embedding: only classify with data.text and generate read tokens; remove it";

    public static IReadOnlyList<KnownHyperparameter> All { get; } =
    [
        new("units", HyperparameterDomain.Integer, $"an integer from 1 to {MaxUnits}", [], v => v >= 1 && v <= MaxUnits),
        new("dropout", HyperparameterDomain.Real, "in [0, 1)", [], v => v >= 0 && v < 1),
        new("learning_rate", HyperparameterDomain.Real, "> 0", [], v => v > 0),
        new("layers", HyperparameterDomain.Integer, $"an integer from 1 to {MaxLayers}", [], v => v >= 1 && v <= MaxLayers),
        new("cell", HyperparameterDomain.Word, "", [.. SpecWords.Cells], _ => true),
        new("optimizer", HyperparameterDomain.Word, "", [.. SpecWords.Optimizers], _ => true),
        new(BatchSizeName, HyperparameterDomain.Integer, $"an integer from 1 to {MaxBatchSize}", [], v => v >= 1 && v <= MaxBatchSize),
        new("recurrent_dropout", HyperparameterDomain.Real, "in [0, 1)", [], v => v >= 0 && v < 1),
        new("l2", HyperparameterDomain.Real, ">= 0", [], v => v >= 0),
        new(EmbeddingDimName, HyperparameterDomain.Integer, $"an integer from 1 to {MaxEmbeddingDim}", [], v => v >= 1 && v <= MaxEmbeddingDim),
        new("bidirectional", HyperparameterDomain.Boolean, "", [], _ => true),
    ];

    public static KnownHyperparameter? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    public static IEnumerable<string> Names => All.Select(k => k.Name);
}
