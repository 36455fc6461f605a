namespace Tuner.Contracts.Jobs;

/// <summary>The field names of a job spec (PRODUCT.md §1), stated once: the parser accepts exactly these lists, the
/// writer writes the top-level fields in <see cref="Root"/>'s order, and the fingerprint takes
/// <see cref="AlteringSearch"/>.</summary>
public static class SpecFields
{
    public const string Name = "name";
    public const string Description = "description";
    public const string Seed = "seed";
    public const string Task = "task";
    public const string Data = "data";
    public const string Tokenizer = "tokenizer";
    public const string Window = "window";
    public const string Horizon = "horizon";
    public const string ValidationSplit = "validationSplit";
    public const string Normalize = "normalize";
    public const string BatchSize = "batchSize";
    public const string Model = "model";
    public const string Optimizer = "optimizer";
    public const string Clipnorm = "clipnorm";
    public const string Epochs = "epochs";
    public const string SearchSpace = "searchSpace";
    public const string Objective = "objective";
    public const string Algorithm = "algorithm";

    // data
    public const string Kind = "kind";
    public const string Length = "length";
    public const string Noise = "noise";
    public const string Path = "path";
    public const string Content = "content";
    public const string Target = "target";
    public const string Features = "features";
    public const string Text = "text";
    public const string Label = "label";

    // tokenizer
    public const string VocabSize = "vocabSize";
    public const string MaxLength = "maxLength";
    public const string Lowercase = "lowercase";

    // model
    public const string Cell = "cell";
    public const string Layers = "layers";
    public const string Activation = "activation";
    public const string Bidirectional = "bidirectional";
    public const string EmbeddingDim = "embeddingDim";

    // algorithm (and a search-space entry's type)
    public const string Type = "type";
    public const string MaxEpochs = "maxEpochs";
    public const string MinEpochs = "minEpochs";
    public const string Factor = "factor";
    public const string Iterations = "iterations";
    public const string MaxTrials = "maxTrials";
    public const string ExecutionsPerTrial = "executionsPerTrial";
    public const string NumInitialPoints = "numInitialPoints";
    public const string Alpha = "alpha";
    public const string Beta = "beta";
    public const string StartupTrials = "startupTrials";

    // a search-space entry
    public const string Min = "min";
    public const string Max = "max";
    public const string Step = "step";
    public const string Sampling = "sampling";
    public const string Default = "default";
    public const string Values = "values";
    public const string Value = "value";

    /// <summary>The top-level fields, in the canonical order.</summary>
    public static readonly IReadOnlyList<string> Root =
        [Name, Description, Seed, Task, Data, Tokenizer, Window, Horizon, ValidationSplit, Normalize, BatchSize, Model, Optimizer, Clipnorm, Epochs, SearchSpace, Objective, Algorithm];

    /// <summary>The top-level fields that alter the search (a job resumes only when none differs): all but
    /// <c>name</c> (it names the job), <c>description</c> and <c>epochs</c> (only <c>tuner train</c> reads it).</summary>
    public static readonly IReadOnlyList<string> AlteringSearch = [.. Root.Except([Name, Description, Epochs])];

    public static readonly IReadOnlyList<string> DataFields = [Kind, Length, Noise, Path, Content, Target, Features, Text, Label];
    public static readonly IReadOnlyList<string> TokenizerFields = [VocabSize, MaxLength, Lowercase];
    public static readonly IReadOnlyList<string> ModelFields = [Cell, Layers, Activation, Bidirectional, EmbeddingDim];
    public static readonly IReadOnlyList<string> HyperbandFields = [Type, MaxEpochs, Factor, Iterations];
    public static readonly IReadOnlyList<string> RandomFields = [Type, MaxTrials, ExecutionsPerTrial, Epochs];
    public static readonly IReadOnlyList<string> AshaFields = [Type, MaxEpochs, MinEpochs, Factor, MaxTrials];
    public static readonly IReadOnlyList<string> BayesianFields = [Type, MaxTrials, NumInitialPoints, Alpha, Beta, ExecutionsPerTrial, Epochs];
    public static readonly IReadOnlyList<string> TpeFields = [Type, MaxTrials, StartupTrials, ExecutionsPerTrial, Epochs];
    public static readonly IReadOnlyList<string> BohbFields = [Type, MaxEpochs, Factor, Iterations];
    public static readonly IReadOnlyList<string> GridFields = [Type, ExecutionsPerTrial, Epochs];

    /// <summary>The fields of an <c>algorithm</c> of type <paramref name="kind"/>, in the canonical order.</summary>
    public static IReadOnlyList<string> AlgorithmFields(AlgorithmKind kind) => kind switch
    {
        AlgorithmKind.Hyperband => HyperbandFields,
        AlgorithmKind.Random => RandomFields,
        AlgorithmKind.Asha => AshaFields,
        AlgorithmKind.Bayesian => BayesianFields,
        AlgorithmKind.Tpe => TpeFields,
        AlgorithmKind.Bohb => BohbFields,
        AlgorithmKind.Grid => GridFields,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown algorithm"),
    };

    /// <summary>The fields of a search-space entry of type int or float, choice, fixed.</summary>
    public static readonly IReadOnlyList<string> NumericParameterFields = [Type, Min, Max, Step, Sampling, Default];
    public static readonly IReadOnlyList<string> ChoiceParameterFields = [Type, Values, Default];
    public static readonly IReadOnlyList<string> FixedParameterFields = [Type, Value];
}
