using System.Globalization;
using Tuner.Contracts.Jobs;

namespace Tuner.Training.Text;

/// <summary>The word-level tokenizer of a text classification (PRODUCT.md §6), as Keras' <c>Tokenizer</c> with
/// <c>num_words</c> and <c>pad_sequences</c> by default: text lower-cased (<see cref="Lowercase"/>), split into words and
/// punctuation; the vocabulary is the most frequent words of the training part (ties in order of first appearance, as
/// Keras' stable sort), word <c>k</c> (0-based) getting id <c>k + 2</c>; id 0 pads and id 1 stands for every word
/// outside the vocabulary; sequences are cut or padded to <see cref="MaxLength"/> at the front (pre-padding,
/// pre-truncation: the end of a long review is kept).</summary>
/// <remarks>A word is a run of letters, digits, combining marks and underscores, with an apostrophe kept inside it
/// between two letters ("don't", "l'amour"); every other character that is not white space is a token of its own
/// ("!", ",", "&lt;"). Keras' default filters drop punctuation instead; PRODUCT.md asks for it to be kept.</remarks>
public sealed class WordTokenizer
{
    public const int PaddingId = 0;
    public const int OutOfVocabularyId = 1;
    public const int FirstWordId = TokenizerSpec.ReservedIds;

    private readonly Dictionary<string, int> _ids;

    /// <summary>A tokenizer with a known vocabulary (as stored beside a model): <paramref name="words"/>[k] has id k + 2.</summary>
    public WordTokenizer(IReadOnlyList<string> words, int maxLength, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        Words = [.. words];
        MaxLength = maxLength;
        Lowercase = lowercase;
        _ids = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (int k = 0; k < words.Count; k++)
            if (!_ids.TryAdd(words[k], k + FirstWordId)) throw new ArgumentException($"word \"{words[k]}\" is listed twice", nameof(words));
    }

    /// <summary>The vocabulary, most frequent first: <c>Words[k]</c> has id <c>k + 2</c>.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Tokens per sequence.</summary>
    public int MaxLength { get; }

    public bool Lowercase { get; }

    /// <summary>Ids in use, padding and out-of-vocabulary included: the embedding's input dimension.</summary>
    public int Size => Words.Count + FirstWordId;

    /// <summary>Fits the vocabulary on <paramref name="texts"/> (the training part): its <paramref name="vocabSize"/> most frequent words.</summary>
    public static WordTokenizer Fit(IEnumerable<string> texts, int vocabSize, int maxLength, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 1);
        var counts = new Dictionary<string, (long Count, int First)>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var word in Split(text, lowercase))
            {
                counts.TryGetValue(word, out var seen);
                counts[word] = (seen.Count + 1, seen.Count == 0 ? counts.Count : seen.First);
            }
        }
        var ranked = counts.OrderByDescending(c => c.Value.Count).ThenBy(c => c.Value.First).Take(vocabSize).Select(c => c.Key).ToList();
        return new WordTokenizer(ranked, maxLength, lowercase);
    }

    /// <summary>The words and punctuation of <paramref name="text"/>, in order.</summary>
    public static IEnumerable<string> Split(string text, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = lowercase ? text.ToLowerInvariant() : text;
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            int start = i;
            if (IsWordChar(s, i))
            {
                i += CharLength(s, i);
                while (i < s.Length)
                {
                    if (IsWordChar(s, i)) i += CharLength(s, i);
                    else if (s[i] is '\'' or '\u2019' && i + 1 < s.Length && char.IsLetter(s, i + 1) && char.IsLetter(s, i - 1)) i++;
                    else break;
                }
            }
            else
            {
                i += CharLength(s, i);
            }
            yield return s[start..i];
        }
    }

    /// <summary>The ids of <paramref name="text"/> cut or padded to <see cref="MaxLength"/> at the front, into <paramref name="destination"/>.</summary>
    public void Encode(string text, Span<int> destination)
    {
        if (destination.Length < MaxLength) throw new ArgumentException($"destination has {destination.Length} slots, maxLength is {MaxLength}", nameof(destination));
        var ids = new List<int>();
        foreach (var word in Split(text, Lowercase)) ids.Add(_ids.TryGetValue(word, out var id) ? id : OutOfVocabularyId);
        var kept = Math.Min(ids.Count, MaxLength);
        var pad = MaxLength - kept;
        destination[..pad].Clear();
        for (int t = 0; t < kept; t++) destination[pad + t] = ids[ids.Count - kept + t];
    }

    /// <summary>The ids of every text, <c>[texts.Count][MaxLength]</c>.</summary>
    public int[] Encode(IReadOnlyList<string> texts)
    {
        var tokens = new int[(long)texts.Count * MaxLength];
        for (int i = 0; i < texts.Count; i++) Encode(texts[i], tokens.AsSpan(i * MaxLength, MaxLength));
        return tokens;
    }

    private static bool IsWordChar(string s, int i)
    {
        if (char.IsLetterOrDigit(s, i) || s[i] == '_') return true;
        var category = CharUnicodeInfo.GetUnicodeCategory(s, i);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static int CharLength(string s, int i) => char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
}
