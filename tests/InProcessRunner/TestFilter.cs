namespace Tuner.InProcessRunner;

/// <summary>The part of <c>dotnet test --filter</c> that build.sh uses, read as VSTest reads it, so one filter string
/// serves both: alternatives joined by <c>|</c>, each one or more terms joined by <c>&amp;</c> (which binds tighter), a term
/// <c>FullyQualifiedName~TEXT</c> (the class-and-method name contains TEXT, ignoring case) or
/// <c>FullyQualifiedName!~TEXT</c> (it does not). No parentheses.</summary>
internal sealed class TestFilter
{
    private const string Contains = "FullyQualifiedName~";
    private const string Lacks = "FullyQualifiedName!~";
    private readonly IReadOnlyList<IReadOnlyList<(bool Wanted, string Text)>> _alternatives;

    private TestFilter(IReadOnlyList<IReadOnlyList<(bool Wanted, string Text)>> alternatives) => _alternatives = alternatives;

    public static TestFilter Everything { get; } = new([[]]);

    public bool Includes(string fullyQualifiedName) =>
        _alternatives.Any(all => all.All(term => fullyQualifiedName.Contains(term.Text, StringComparison.OrdinalIgnoreCase) == term.Wanted));

    /// <summary>The filter, or null (with why in <paramref name="error"/>) when the text is not of that form.</summary>
    public static TestFilter? Parse(string text, out string? error)
    {
        var alternatives = new List<IReadOnlyList<(bool, string)>>();
        foreach (var alternative in text.Split('|'))
        {
            var terms = new List<(bool, string)>();
            foreach (var term in alternative.Split('&'))
            {
                var t = term.Trim();
                if (t.StartsWith(Lacks, StringComparison.Ordinal) && t.Length > Lacks.Length) terms.Add((false, t[Lacks.Length..]));
                else if (t.StartsWith(Contains, StringComparison.Ordinal) && t.Length > Contains.Length) terms.Add((true, t[Contains.Length..]));
                else
                {
                    error = $"--filter: \"{t}\" is not FullyQualifiedName~TEXT or FullyQualifiedName!~TEXT";
                    return null;
                }
            }
            alternatives.Add(terms);
        }
        error = null;
        return new TestFilter(alternatives);
    }
}
