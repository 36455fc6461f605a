using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Tuner.Coordinator.Api;

/// <summary>Query parameters read alike by every endpoint: each problem one message naming the parameter and what it takes
/// (<c>best must be an integer from 1 to 1000 (got 'many')</c>).</summary>
internal static class QueryParameters
{
    /// <summary>The parameter's one value; null when absent. Given twice (or empty) is a problem: which one was meant is unclear.</summary>
    public static string? Single(IQueryCollection query, string name, List<string> errors)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count == 1 && !string.IsNullOrEmpty(values[0])) return values[0];
        errors.Add(values.Count > 1 ? $"{name} is given {values.Count} times; give it once" : $"{name} is empty; give a value or leave it out");
        return null;
    }

    /// <summary><c>true</c> or <c>false</c> in any case; <paramref name="fallback"/> when absent.</summary>
    public static bool Flag(IQueryCollection query, string name, bool fallback, List<string> errors)
    {
        var text = Single(query, name, errors);
        if (text is null) return fallback;
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase)) return false;
        errors.Add($"{name} must be true or false (got '{Contracts.EchoedText.Of(text)}')");
        return fallback;
    }

    /// <summary>Digits only (no sign, no spaces), from <paramref name="min"/> to <paramref name="max"/>; <paramref name="fallback"/> when absent.</summary>
    public static int Integer(IQueryCollection query, string name, int fallback, int min, int max, List<string> errors)
    {
        var text = Single(query, name, errors);
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors.Add($"{name} must be an integer from {min} to {max} (got '{Contracts.EchoedText.Of(text)}')");
        return fallback;
    }
}
