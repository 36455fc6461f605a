using System.Text;

namespace Tuner.Training.Text;

/// <summary>The character vocabulary of text generation (PRODUCT.md §6): every character (Unicode scalar value) of the
/// training part, in code-point order (as <c>sorted(set(text))</c>), with ids 1…; id 0 is the unknown character, which
/// stands for any character the training part did not have. Optionally lower-cased first (<see cref="Lowercase"/>).
/// Line breaks are read as <c>\n</c> whatever the file used.</summary>
public sealed class CharacterVocabulary
{
    public const int UnknownId = 0;

    private readonly Dictionary<Rune, int> _ids;
    private readonly Rune[] _characters;

    /// <summary>A vocabulary with known characters (as stored beside a model): <paramref name="characters"/>' k-th has id k + 1.</summary>
    public CharacterVocabulary(string characters, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(characters);
        _characters = [.. characters.EnumerateRunes()];
        Lowercase = lowercase;
        _ids = new Dictionary<Rune, int>(_characters.Length);
        for (int k = 0; k < _characters.Length; k++)
            if (!_ids.TryAdd(_characters[k], k + 1)) throw new ArgumentException($"character '{_characters[k]}' is listed twice", nameof(characters));
    }

    /// <summary>The known characters in id order, as one string.</summary>
    public string Characters => string.Concat(_characters.Select(r => r.ToString()));

    /// <summary>Known characters.</summary>
    public int Count => _characters.Length;

    public bool Lowercase { get; }

    /// <summary>Ids in use, the unknown one included: the embedding's input dimension and the softmax's classes.</summary>
    public int Size => _characters.Length + 1;

    /// <summary>The text as the vocabulary reads it: <c>\r\n</c> and <c>\r</c> as <c>\n</c>, lower-cased when <see cref="Lowercase"/>.</summary>
    public static string Normalize(string text, bool lowercase)
    {
        var unified = text.Contains('\r') ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
        return lowercase ? unified.ToLowerInvariant() : unified;
    }

    /// <summary>The vocabulary of <paramref name="trainingText"/>, already <see cref="Normalize"/>d.</summary>
    public static CharacterVocabulary Fit(string trainingText, bool lowercase)
    {
        var seen = new SortedSet<Rune>();
        foreach (var rune in trainingText.EnumerateRunes()) seen.Add(rune);
        return new CharacterVocabulary(string.Concat(seen.Select(r => r.ToString())), lowercase);
    }

    /// <summary>The ids of <paramref name="text"/> (normalized here), one per character.</summary>
    public int[] Encode(string text)
    {
        var ids = new List<int>(text.Length);
        foreach (var rune in Normalize(text, Lowercase).EnumerateRunes()) ids.Add(Id(rune));
        return [.. ids];
    }

    /// <summary>The distinct characters of <paramref name="text"/> (normalized here) that are not in the vocabulary, in
    /// order of appearance: they read as the unknown id.</summary>
    public IReadOnlyList<string> Unknown(string text)
    {
        var unknown = new List<string>();
        foreach (var rune in Normalize(text, Lowercase).EnumerateRunes())
            if (!_ids.ContainsKey(rune) && !unknown.Contains(rune.ToString())) unknown.Add(rune.ToString());
        return unknown;
    }

    public int Id(Rune character) => _ids.TryGetValue(character, out var id) ? id : UnknownId;

    /// <summary>The character of <paramref name="id"/>; the replacement character for the unknown id.</summary>
    public string Character(int id) => id >= 1 && id <= _characters.Length ? _characters[id - 1].ToString() : "\uFFFD";
}
