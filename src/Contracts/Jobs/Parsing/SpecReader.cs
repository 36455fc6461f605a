using System.Globalization;
using System.Text.Json;

namespace Tuner.Contracts.Jobs.Parsing;

/// <summary>Reads typed values out of a JSON document and collects every problem found, each as
/// <c>path: what is wrong (got …); the fix</c>, instead of stopping at the first.</summary>
internal sealed class SpecReader
{
    private readonly List<string> _problems = [];
    private int _dropped;

    public bool HasProblems => _problems.Count > 0;

    public int ProblemCount => _problems.Count + _dropped;

    /// <summary>The problems, capped at <see cref="SpecLimits.MaxProblems"/> plus a line counting the rest.</summary>
    public IReadOnlyList<string> Problems =>
        _dropped == 0 ? _problems : [.. _problems, $"… and {_dropped} more problems"];

    public void Report(string path, string message)
    {
        if (_problems.Count < SpecLimits.MaxProblems)
            _problems.Add(path.Length == 0 ? message : $"{path}: {message}");
        else
            _dropped++;
    }

    // Paths of fields a "did you mean" named: the field was written, misspelt.
    private readonly HashSet<string> _suggested = new(StringComparer.Ordinal);

    /// <summary>The fields of an object, reporting a non-object and duplicate names. Null when not an object.</summary>
    public JsonFields? Fields(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Report(path, $"must be an object (got {Describe(element)})");
            return null;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<KeyValuePair<string, JsonElement>>();
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                Report(JsonPaths.Child(path, property.Name), "appears more than once; keep one");
                continue;
            }
            properties.Add(new(property.Name, property.Value));
        }
        return new JsonFields(path, properties);
    }

    /// <summary>Reports every field not in <paramref name="allowed"/>, with a "did you mean" hint.</summary>
    public void RejectUnknown(JsonFields fields, IReadOnlyList<string> allowed, string? context = null)
    {
        foreach (var (name, _) in fields.Properties)
        {
            if (allowed.Contains(name)) continue;
            var match = Suggestions.Closest(name, allowed);
            if (match is not null) _suggested.Add(fields.PathOf(match));
            var hint = match is not null ? $"did you mean \"{match}\"?" : $"allowed: {string.Join(", ", allowed)}";
            Report(fields.PathOf(name), $"unknown field{context}; {hint}");
        }
    }

    /// <summary>Reports a missing field, unless a misspelling of it was reported already ("maxEpoch: did you mean
    /// maxEpochs?" is the one problem: "maxEpochs: is required" below it told of the same typo twice).</summary>
    public void Require(JsonFields fields, string name, string example)
    {
        if (!_suggested.Contains(fields.PathOf(name))) Report(fields.PathOf(name), $"is required, e.g. \"{name}\": {example}");
    }

    /// <summary>An integer field in [<paramref name="min"/>, <paramref name="max"/>]; null (reported) when wrong, <paramref name="fallback"/> when absent.</summary>
    public long? Integer(JsonFields fields, string name, long min, long max, long? fallback, string? example = null)
    {
        if (fields[name] is not { } element)
        {
            if (fallback is null && example is not null) Require(fields, name, example);
            return fallback;
        }
        return Integer(element, fields.PathOf(name), min, max);
    }

    public long? Integer(JsonElement element, string path, long min, long max)
    {
        if (AsInteger(element, path, min, max) is not { } value) return null;
        if (value < min || value > max)
        {
            Report(path, max == long.MaxValue ? $"must be >= {min} (got {value})" : $"must be an integer from {min} to {max} (got {value})");
            return null;
        }
        return value;
    }

    /// <summary>Any integral JSON number (<c>32</c>, <c>32.0</c>, <c>3.2e1</c>) that fits a long. One that does not is
    /// reported as out of range (with [<paramref name="min"/>, <paramref name="max"/>] when the caller knows it), not as
    /// "not an integer": 99999999999999999999 is one.</summary>
    public long? AsInteger(JsonElement element, string path, long min = long.MinValue, long max = long.MaxValue)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            Report(path, $"must be an integer (got {Describe(element)})");
            return null;
        }
        if (element.TryGetInt64(out var exact)) return exact;
        if (element.TryGetDouble(out var number) && double.IsFinite(number) && number == Math.Floor(number)
            && number >= long.MinValue && number < 9.2233720368547758e18)
            return (long)number;
        if (IsIntegral(element))
        {
            var known = min != long.MinValue || max != long.MaxValue;
            Report(path, known ? $"must be an integer from {min} to {max} (got {Describe(element)})"
                : $"is too {(element.GetRawText().TrimStart().StartsWith('-') ? "small" : "large")} for an integer (got {Describe(element)})");
            return null;
        }
        Report(path, $"must be an integer (got {Describe(element)})");
        return null;
    }

    /// <summary>Whether a JSON number too large for a long is integral: an integer literal, or a finite double with no
    /// fraction (above 2^53 every double is).</summary>
    private static bool IsIntegral(JsonElement number)
    {
        var raw = number.GetRawText();
        if (raw.AsSpan().TrimStart('-').IndexOfAnyExcept("0123456789") < 0) return true;
        return number.TryGetDouble(out var value) && double.IsFinite(value) && value == Math.Floor(value);
    }

    /// <summary>A finite number field; null (reported) when wrong, <paramref name="fallback"/> when absent.</summary>
    public double? Number(JsonFields fields, string name, double? fallback, string? example = null)
    {
        if (fields[name] is not { } element)
        {
            if (fallback is null && example is not null) Require(fields, name, example);
            return fallback;
        }
        return AsNumber(element, fields.PathOf(name));
    }

    public double? AsNumber(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            Report(path, $"must be a number (got {Describe(element)})");
            return null;
        }
        if (element.TryGetDouble(out var number) && double.IsFinite(number)) return number;
        Report(path, $"must be a finite number (got {Describe(element)})");
        return null;
    }

    /// <summary>A boolean field; null (reported) when not a boolean, <paramref name="fallback"/> when absent.</summary>
    public bool? Boolean(JsonFields fields, string name, bool fallback)
    {
        if (fields[name] is not { } element) return fallback;
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False) return element.GetBoolean();
        Report(fields.PathOf(name), $"must be true or false (got {Describe(element)})");
        return null;
    }

    /// <summary>A string field of 1 to <paramref name="maxLength"/> characters; null when absent or wrong.</summary>
    public string? Text(JsonFields fields, string name, int maxLength, string? example = null)
    {
        if (fields[name] is not { } element)
        {
            if (example is not null) Require(fields, name, example);
            return null;
        }
        return AsText(element, fields.PathOf(name), maxLength);
    }

    /// <summary>The name of a CSV column: text of at most <see cref="SpecLimits.MaxColumnNameLength"/> characters, not only
    /// whitespace (which names no column; the loader refused it with a .NET message).</summary>
    public string? ColumnName(JsonFields fields, string name, string? example = null)
    {
        if (fields[name] is not { } element)
        {
            if (example is not null) Require(fields, name, example);
            return null;
        }
        return ColumnName(element, fields.PathOf(name));
    }

    /// <inheritdoc cref="ColumnName(JsonFields, string, string?)"/>
    public string? ColumnName(JsonElement element, string path)
    {
        var text = AsText(element, path, SpecLimits.MaxColumnNameLength);
        if (text is null || !string.IsNullOrWhiteSpace(text)) return text;
        Report(path, $"must name a column (got only whitespace: {Describe(element)})");
        return null;
    }

    public string? AsText(JsonElement element, string path, int maxLength)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Report(path, $"must be a string (got {Describe(element)})");
            return null;
        }
        var text = element.GetString()!;
        if (text.Length == 0)
        {
            Report(path, "must not be empty");
            return null;
        }
        if (text.Length > maxLength)
        {
            Report(path, $"must be at most {maxLength} characters (got {text.Length})");
            return null;
        }
        if (text.Contains('\0'))
        {
            Report(path, "must not contain NUL characters");
            return null;
        }
        return text;
    }

    /// <summary>One of <paramref name="words"/>; returns its index, <paramref name="fallback"/> when absent, null when wrong.</summary>
    public int? Word(JsonFields fields, string name, IReadOnlyList<string> words, int? fallback)
    {
        if (fields[name] is not { } element)
        {
            if (fallback is null) Require(fields, name, $"\"{words[0]}\"");
            return fallback;
        }
        return AsWord(element, fields.PathOf(name), words);
    }

    public int? AsWord(JsonElement element, string path, IReadOnlyList<string> words)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
            for (var i = 0; i < words.Count; i++)
                if (words[i] == text) return i;
            Report(path, $"must be one of {string.Join(", ", words)} (got {Describe(element)}){Suggestions.Hint(text, words)}");
            return null;
        }
        Report(path, $"must be one of {string.Join(", ", words)} (got {Describe(element)})");
        return null;
    }

    /// <summary>A short rendering of a JSON value for messages: <c>"abc"</c>, <c>32.5</c>, <c>an object</c>.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Quote(element.GetString()!),
        JsonValueKind.Number => Shorten(element.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    /// <summary>A string in double quotes for a message: shortened to 40 characters, quotes, backslashes and control characters escaped.</summary>
    public static string Quote(string text) => "\"" + Escape(text.Length > 40 ? text[..40] + "…" : text) + "\"";

    public static string Escape(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length);
        foreach (var ch in text)
        {
            escaped.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(ch) => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        }
        return escaped.ToString();
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
