namespace Tuner.Contracts.Jobs;

/// <summary>Bounds on job-spec values. Most keep a hostile or mistyped job from exhausting memory or
/// time; all lie far beyond what a sensible job needs.</summary>
public static class SpecLimits
{
    public const int MaxNameLength = 63;
    public const int MaxDescriptionLength = 4096;
    public const int MaxPathLength = 4096;
    public const int MaxColumnNameLength = 256;
    public const int MaxFeatures = 1024;
    /// <summary>64 MiB of CSV text inline, the HTTP API's default body limit.</summary>
    public const int MaxContentLength = 64 * 1024 * 1024;
    public const int MaxSeriesLength = 10_000_000;
    public const int MaxWindow = 10_000;
    /// <summary>The largest word vocabulary (<c>tokenizer.vocabSize</c>).</summary>
    public const int MaxVocabSize = 1_000_000;
    public const int MaxHorizon = 10_000;
    public const int MaxEpochs = 10_000;
    public const int MaxFactor = 100;
    public const int MaxIterations = 100;
    public const int MaxTrials = 100_000;
    public const int MaxExecutionsPerTrial = 100;
    public const int MaxSearchSpaceEntries = 64;
    public const int MaxChoiceValues = 256;
    public const int MaxChoiceStringLength = 64;
    public const double MaxNoise = 1e6;
    /// <summary>Largest <c>alpha</c> of a bayesian search (the objective is standardized: 1 is as much noise as signal).</summary>
    public const double MaxGaussianProcessNoise = 10;
    /// <summary>Most trials of a bayesian search: its Gaussian process conditions on every finished trial, in time growing
    /// with the cube of their number and memory with the square (2,000 trials simulate in under a minute; 100,000 would
    /// need a 40 GB factor).</summary>
    public const int MaxGaussianProcessTrials = 5_000;
    /// <summary>Largest <c>beta</c> of a bayesian search.</summary>
    public const double MaxConfidenceBoundBeta = 100;
    /// <summary>The most parameters a model may train: 2²⁷, 2 GiB of training state at
    /// <see cref="TrainingBytesPerParameter"/> each. The largest seed models (units 512, 3 bidirectional layers, an
    /// Embedding(10000, 32)) have about 15 million; units 4096 in 8 layers would need some 16 GB and end in an
    /// out-of-memory kill rather than an error.</summary>
    public const long MaxModelParameters = 1L << 27;
    /// <summary>What training holds per parameter: the weight, its gradient and Adam's two moments, 4-byte floats.</summary>
    public const int TrainingBytesPerParameter = 16;
    /// <summary>Deepest JSON nesting accepted (a job spec needs 4).</summary>
    public const int MaxDepth = 32;
    /// <summary>Problems reported before the rest are counted, not listed.</summary>
    public const int MaxProblems = 100;
}
