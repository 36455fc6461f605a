namespace Tuner.Contracts.Jobs.Parsing;

/// <summary>"Did you mean" hints for misspelt field names and words.</summary>
internal static class Suggestions
{
    /// <summary>The closest candidate to <paramref name="input"/>, when close enough to be a likely typo.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var normalizedInput = Normalize(input);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // learningRate, LEARNING-RATE and learning_rate are the same intent.
            if (Normalize(candidate) == normalizedInput) return candidate;
            var distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        var allowed = Math.Max(1, Math.Min(input.Length, best?.Length ?? 0) / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary><c>; did you mean "x"?</c> or the empty string.</summary>
    public static string Hint(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } match ? $"; did you mean \"{match}\"?" : "";

    private static string Normalize(string text) =>
        new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>Levenshtein distance (insertions, deletions, substitutions).</summary>
    internal static int Distance(string a, string b)
    {
        if (a.Length > 100 || b.Length > 100) return int.MaxValue; // not a typo; not worth the time
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
