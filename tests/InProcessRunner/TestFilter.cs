namespace Tuner.InProcessRunner;

/// <summary>The part of <c>dotnet test --filter</c> that build.sh uses, so one filter string serves both: clauses joined by
/// <c>&amp;</c>, each one term or several joined by <c>|</c>, a term <c>FullyQualifiedName~TEXT</c> (the class-and-method
/// name contains TEXT) or <c>FullyQualifiedName!~TEXT</c> (it does not). No parentheses.</summary>
internal sealed class TestFilter
{
    private const string Contains = "FullyQualifiedName~";
    private const string Lacks = "FullyQualifiedName!~";
    private readonly IReadOnlyList<IReadOnlyList<(bool Wanted, string Text)>> _clauses;

    private TestFilter(IReadOnlyList<IReadOnlyList<(bool Wanted, string Text)>> clauses) => _clauses = clauses;

    public static TestFilter Everything { get; } = new([]);

    public bool Includes(string fullyQualifiedName) =>
        _clauses.All(clause => clause.Any(term => fullyQualifiedName.Contains(term.Text, StringComparison.Ordinal) == term.Wanted));

    /// <summary>The filter, or null (with why in <paramref name="error"/>) when the text is not of that form.</summary>
    public static TestFilter? Parse(string text, out string? error)
    {
        var clauses = new List<IReadOnlyList<(bool, string)>>();
        foreach (var clause in text.Split('&'))
        {
            var terms = new List<(bool, string)>();
            foreach (var term in clause.Split('|'))
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
            clauses.Add(terms);
        }
        error = null;
        return new TestFilter(clauses);
    }
}
