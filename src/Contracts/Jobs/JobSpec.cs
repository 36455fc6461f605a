using Tuner.Contracts.Search;

namespace Tuner.Contracts.Jobs;

/// <summary>A parsed, validated job spec (PRODUCT.md §1). Build it with <see cref="JobSpecParser.Parse"/>;
/// write it back with <see cref="JobSpecWriter.ToJson"/> (canonical, defaults made explicit).</summary>
/// <param name="Name">1–63 characters of a-z, 0-9 and '-'.</param>
/// <param name="Description">Free text for people; changes nothing.</param>
/// <param name="Seed">Decides every random choice of the search (default 0).</param>
/// <param name="Data">The series: synthetic (sine, weather) or CSV.</param>
/// <param name="Window">Time steps per sample (required).</param>
/// <param name="Horizon">Steps ahead the label lies (default 1).</param>
/// <param name="ValidationSplit">The last fraction of samples kept for validation (default 0.2).</param>
/// <param name="Normalize">Input standardization (default standard).</param>
/// <param name="BatchSize">Default 32; the <c>batch_size</c> hyperparameter overrides it.</param>
/// <param name="Model">Cell, layers, activation; the <c>cell</c> and <c>layers</c> hyperparameters override them.</param>
/// <param name="Optimizer">Default adam; the <c>optimizer</c> hyperparameter overrides it.</param>
/// <param name="Clipnorm">Gradient-norm clipping, as Keras' <c>clipnorm</c>; null: none.</param>
/// <param name="Epochs">Epochs for <c>tuner train</c>; null: the algorithm's per-trial maximum.</param>
/// <param name="SearchSpace">The hyperparameters to tune, in spec order.</param>
/// <param name="Objective">Default val_loss.</param>
/// <param name="Algorithm">Hyperband, random search or ASHA, with its budget.</param>
/// <param name="Task">What the job learns: forecast (default), classify or generate (PRODUCT.md §6).</param>
/// <param name="Tokenizer">How text becomes tokens: set for the tasks that read text (classify with <c>data.text</c>,
/// generate), null otherwise. A text classification's <see cref="Window"/> is its <c>tokenizer.maxLength</c>.</param>
public sealed record JobSpec(
    string Name,
    string? Description,
    long Seed,
    DataSpec Data,
    int Window,
    int Horizon,
    double ValidationSplit,
    Normalization Normalize,
    int BatchSize,
    ModelSpec Model,
    OptimizerKind Optimizer,
    double? Clipnorm,
    int? Epochs,
    SearchSpace SearchSpace,
    ObjectiveKind Objective,
    AlgorithmSpec Algorithm,
    TaskKind Task = TaskKind.Forecast,
    TokenizerSpec? Tokenizer = null)
{
    /// <summary>True for a text classification (classify with <c>data.text</c>): words become token ids.</summary>
    public bool ClassifiesText => Task == TaskKind.Classify && Data is CsvDataSpec { Text: not null };

    /// <summary>True when the model reads token ids through an embedding: a text classification, or generate.</summary>
    public bool HasEmbedding => ClassifiesText || Task == TaskKind.Generate;

    /// <summary>True when the model ends in a classification head (classify, generate): it measures accuracy.</summary>
    public bool HasAccuracy => Task != TaskKind.Forecast;

    /// <summary>A digest of everything that alters the search (see <see cref="JobSpecFingerprint"/>).</summary>
    public string Fingerprint() => JobSpecFingerprint.Of(this);

    /// <summary>What differs between this spec (the stored one) and <paramref name="other"/> (the one being run) in the
    /// parts that alter the search, one line per JSON path (<c>searchSpace.units.max: was 512, now 256</c>); empty
    /// when a resume is safe.</summary>
    public IReadOnlyList<string> Differences(JobSpec other) => JobSpecFingerprint.Differences(this, other);
}
