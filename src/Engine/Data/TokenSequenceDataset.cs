using Tuner.Engine.Models;

namespace Tuner.Engine.Data;

/// <summary>Token-id sequences of one length with one label each — a padded text for sentiment, a
/// window of characters for next-character prediction. Storage is sample-major and contiguous:
/// <c>[Count][Window]</c> ids, <c>[Count]</c> labels.</summary>
public sealed class TokenSequenceDataset : SequenceDataset
{
    private readonly int[] _tokens;
    private readonly float[] _targets;

    private TokenSequenceDataset(int[] tokens, float[] targets, int window, int maxToken)
    {
        _tokens = tokens;
        _targets = targets;
        Window = window;
        MaxToken = maxToken;
    }

    /// <summary>Copies <paramref name="tokens"/> (<c>[N][window]</c>, ids ≥ 0) and <paramref name="labels"/> (<c>[N]</c>).</summary>
    /// <exception cref="ArgumentException">window below 1, lengths that do not fit, or a negative id.</exception>
    public static TokenSequenceDataset Create(ReadOnlySpan<int> tokens, ReadOnlySpan<float> labels, int window)
    {
        if (window < 1) throw new ArgumentException($"window must be >= 1, got {window}", nameof(window));
        if ((long)labels.Length * window != tokens.Length)
            throw new ArgumentException($"{labels.Length} labels × window {window} needs {(long)labels.Length * window} token ids, got {tokens.Length}", nameof(tokens));
        int max = -1;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (tokens[i] < 0) throw new ArgumentException($"token id {tokens[i]} at sample {i / window}, step {i % window} is negative", nameof(tokens));
            max = Math.Max(max, tokens[i]);
        }
        return new TokenSequenceDataset(tokens.ToArray(), labels.ToArray(), window, max);
    }

    public override int Count => _targets.Length;

    public override int Window { get; }

    public override int Features => 1;

    public override bool IsTokens => true;

    public override ReadOnlySpan<float> Targets => _targets;

    /// <summary>Every sample's ids and its label.</summary>
    public override long RetainedValues => (long)Count * Window + Count;

    /// <summary>The largest token id (−1 when empty): the model's vocabulary must exceed it.</summary>
    public int MaxToken { get; }

    /// <summary>The ids of sample <paramref name="sample"/>, <c>[Window]</c>.</summary>
    public ReadOnlySpan<int> Tokens(int sample) => _tokens.AsSpan(sample * Window, Window);

    public override SequenceBatch GatherTimeMajor(ReadOnlySpan<int> samples, Span<float> features, Span<int> tokens, Span<float> targets)
    {
        int batch = samples.Length;
        if (tokens.Length < batch * Window || targets.Length < batch)
            throw new ArgumentException($"a batch of {batch} needs {batch * Window} token slots ({batch} × window {Window}) and {batch} targets; got {tokens.Length} and {targets.Length}.");
        for (int b = 0; b < batch; b++)
        {
            int s = samples[b];
            ReadOnlySpan<int> sample = _tokens.AsSpan(s * Window, Window);
            for (int t = 0; t < Window; t++) tokens[t * batch + b] = sample[t];
            targets[b] = _targets[s];
        }
        return SequenceBatch.OfTokens(tokens[..(batch * Window)], Window, batch);
    }
}
