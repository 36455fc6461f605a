using System.Globalization;

namespace Tuner.Training;

/// <summary>The classes of a classification, named as they appear in the data (surrounding white space trimmed), in a
/// fixed order: numerically when every label is an integer (<c>1, 2, 10</c>), else ordinally (<c>great, other</c>).
/// Class <c>k</c> of two is the sigmoid head's label <c>k</c> (its output is P(<c>Names[1]</c>)); of more, the softmax's
/// output <c>k</c>.</summary>
public sealed class ClassLabels
{
    /// <summary>The most classes a job may have: more usually means the label column is the wrong one.</summary>
    public const int MaxClasses = 1000;

    private readonly Dictionary<string, int> _index;

    public ClassLabels(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Names = [.. names];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < names.Count; k++)
            if (!_index.TryAdd(names[k], k)) throw new ArgumentException($"label \"{names[k]}\" is listed twice", nameof(names));
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    /// <summary>The distinct labels of <paramref name="values"/>, in the order described above.</summary>
    public static ClassLabels Fit(IEnumerable<string> values)
    {
        var distinct = values.Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var numeric = distinct.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        var ordered = numeric
            ? distinct.OrderBy(v => long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToList()
            : distinct.OrderBy(v => v, StringComparer.Ordinal).ToList();
        return new ClassLabels(ordered);
    }

    /// <summary>The class of <paramref name="label"/> (trimmed); −1 when it is not one of them.</summary>
    public int IndexOf(string label) => _index.TryGetValue(label.Trim(), out var k) ? k : -1;
}
