using Tuner.Engine.Models;

namespace Tuner.Engine.Data;

/// <summary>Windows over one stream of token ids, as next-token prediction reads a text: sample <c>i</c> is ids
/// <c>[First + i, First + i + Window)</c> and its label the id at <c>First + i + Window</c>. The windows share the
/// stream (nothing is copied per sample), so a novel of 700,000 characters costs 2.8 MB, not a window's worth per
/// character.</summary>
public sealed class TokenStreamDataset : SequenceDataset
{
    private readonly int[] _ids;
    private readonly float[] _targets;

    private TokenStreamDataset(int[] ids, int first, int count, int window)
    {
        _ids = ids;
        First = first;
        Window = window;
        _targets = new float[count];
        for (int i = 0; i < count; i++) _targets[i] = ids[first + i + window];
    }

    /// <summary>The <paramref name="count"/> windows of <paramref name="window"/> ids starting at stream position
    /// <paramref name="first"/>, each labelled with the id after it. The stream is shared, not copied: do not change it.</summary>
    /// <exception cref="ArgumentException">A window below 1, a negative id, or windows that run past the stream.</exception>
    public static TokenStreamDataset Create(int[] ids, int window, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (window < 1) throw new ArgumentException($"window must be >= 1, got {window}", nameof(window));
        if (first < 0 || count < 0 || (long)first + count + window > ids.Length)
            throw new ArgumentException($"{count} windows of {window} from position {first} need {(long)first + count + window} ids; the stream has {ids.Length}", nameof(count));
        for (long i = first; i < (long)first + count + window; i++)
            if (ids[i] < 0) throw new ArgumentException($"token id {ids[i]} at position {i} is negative", nameof(ids));
        return new TokenStreamDataset(ids, first, count, window);
    }

    public override int Count => _targets.Length;

    public override int Window { get; }

    public override int Features => 1;

    public override bool IsTokens => true;

    public override ReadOnlySpan<float> Targets => _targets;

    /// <summary>The ids the windows read and a label each.</summary>
    public override long RetainedValues => (long)Count + Window + Count;

    /// <summary>Stream position of sample 0's first id.</summary>
    public int First { get; }

    /// <summary>The ids of sample <paramref name="sample"/>, <c>[Window]</c>.</summary>
    public ReadOnlySpan<int> Tokens(int sample) => _ids.AsSpan(First + sample, Window);

    public override SequenceBatch GatherTimeMajor(ReadOnlySpan<int> samples, Span<float> features, Span<int> tokens, Span<float> targets)
    {
        int batch = samples.Length;
        if (tokens.Length < batch * Window || targets.Length < batch)
            throw new ArgumentException($"a batch of {batch} needs {batch * Window} token slots ({batch} × window {Window}) and {batch} targets; got {tokens.Length} and {targets.Length}.");
        for (int b = 0; b < batch; b++)
        {
            int s = samples[b];
            ReadOnlySpan<int> sample = _ids.AsSpan(First + s, Window);
            for (int t = 0; t < Window; t++) tokens[t * batch + b] = sample[t];
            targets[b] = _targets[s];
        }
        return SequenceBatch.OfTokens(tokens[..(batch * Window)], Window, batch);
    }
}
