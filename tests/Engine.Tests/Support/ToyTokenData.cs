using Tuner.Engine.Data;
using Tuner.Engine.Rng;

namespace Tuner.Engine.Tests.Support;

/// <summary>Small token datasets with a known answer, for learning and checkpoint tests.</summary>
internal static class ToyTokenData
{
    /// <summary>The token whose presence makes a sentiment sample positive.</summary>
    public const int Marker = 7;

    /// <summary>Sequences of <paramref name="steps"/> ids drawn uniformly from 1..vocabulary−1; the label is 1
    /// exactly when <see cref="Marker"/> appears. With 29 ids and 20 steps about half the samples are positive.</summary>
    public static (TokenSequenceDataset Train, TokenSequenceDataset Validation) Sentiment(int train, int validation, int steps = 20, int vocabulary = 30, ulong seed = 1)
    {
        var rng = new Xoshiro256StarStar(seed);
        return (Make(train), Make(validation));

        TokenSequenceDataset Make(int count)
        {
            var tokens = new int[count * steps];
            var labels = new float[count];
            for (int i = 0; i < count; i++)
            {
                for (int t = 0; t < steps; t++)
                {
                    int id = rng.NextInt(1, vocabulary);
                    tokens[i * steps + t] = id;
                    if (id == Marker) labels[i] = 1f;
                }
            }
            return TokenSequenceDataset.Create(tokens, labels, steps);
        }
    }

    /// <summary>Next-character prediction on <paramref name="text"/> repeated to <paramref name="length"/>
    /// characters: windows of <paramref name="window"/> character ids, the label the id of the next one;
    /// the last <paramref name="validationSplit"/> of the windows validate. Returns the vocabulary size too.</summary>
    public static (TokenSequenceDataset Train, TokenSequenceDataset Validation, int Vocabulary) RepeatedText(
        string text, int length, int window, double validationSplit = 0.2)
    {
        var alphabet = text.Distinct().Order().ToList();
        var ids = new int[length];
        for (int i = 0; i < length; i++) ids[i] = alphabet.IndexOf(text[i % text.Length]);
        int samples = length - window;
        int trainCount = (int)(samples * (1 - validationSplit));
        return (Windows(0, trainCount), Windows(trainCount, samples - trainCount), alphabet.Count);

        TokenSequenceDataset Windows(int first, int count)
        {
            var tokens = new int[count * window];
            var labels = new float[count];
            for (int i = 0; i < count; i++)
            {
                ids.AsSpan(first + i, window).CopyTo(tokens.AsSpan(i * window, window));
                labels[i] = ids[first + i + window];
            }
            return TokenSequenceDataset.Create(tokens, labels, window);
        }
    }
}
