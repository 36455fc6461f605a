using Tuner.Engine.Models;

namespace Tuner.Engine.Data;

/// <summary>Samples a recurrent model trains on: <see cref="Count"/> sequences of <see cref="Window"/>
/// steps with one label each. A step is <see cref="Features"/> floats (<see cref="WindowedDataset"/>) or
/// one token id (<see cref="TokenSequenceDataset"/>).</summary>
public abstract class SequenceDataset
{
    private protected SequenceDataset() { }

    /// <summary>Number of samples (N).</summary>
    public abstract int Count { get; }

    /// <summary>Time steps per sample.</summary>
    public abstract int Window { get; }

    /// <summary>Values per time step: F features, or 1 token id.</summary>
    public abstract int Features { get; }

    /// <summary>True when each step is a token id (the model starts with an embedding).</summary>
    public abstract bool IsTokens { get; }

    /// <summary>All labels, <c>[Count]</c>: regression targets, 0/1, or class indices.</summary>
    public abstract ReadOnlySpan<float> Targets { get; }

    /// <summary>The 4-byte values (floats, or int token ids) the samples and labels take in memory: what keeping the
    /// dataset costs. Arrays shared with another dataset (a training and a validation set of one series) count in each.</summary>
    public abstract long RetainedValues { get; }

    /// <summary>Copies the given samples time-major into the caller's buffers — features [Window][B][F]
    /// into <paramref name="features"/>, or token ids [Window][B] into <paramref name="tokens"/> — and
    /// their labels into <paramref name="targets"/>; returns the batch as a model reads it.</summary>
    public abstract SequenceBatch GatherTimeMajor(ReadOnlySpan<int> samples, Span<float> features, Span<int> tokens, Span<float> targets);
}
