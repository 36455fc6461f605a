namespace Tuner.Cli;

/// <summary>TUNER_API_TOKEN, read alike by the coordinator (which requires it of /api requests) and the client commands
/// (which send it). Surrounding whitespace is not part of the token: one written to a file or a Kubernetes secret often
/// ends in a newline, and HTTP strips it from the header anyway, so a token kept with it could never match.</summary>
internal static class ApiTokenVariable
{
    public const string Name = "TUNER_API_TOKEN";

    /// <summary>The token without surrounding whitespace; null when unset or empty. Whitespace alone is a problem (neither
    /// "no token", which would open the API, nor a token no request can send).</summary>
    public static string? Parse(string? value, ICollection<string> problems)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var token = value.Trim();
        if (token.Length > 0) return token;
        problems.Add($"{Name}: is only whitespace; set the token, or unset the variable for an API without one");
        return null;
    }
}
