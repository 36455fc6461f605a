namespace Tuner.Contracts;

/// <summary>User input echoed in an error message: at most 80 characters, control characters escaped.</summary>
public static class EchoedText
{
    public static string Of(string text)
    {
        var clipped = text.Length > 80 ? text[..80] + "…" : text;
        return string.Concat(clipped.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
