using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Tuner.Coordinator.Api;

/// <summary>Request bodies are read as UTF-8: one labelled with another charset (<c>Content-Type: application/json;
/// charset=latin1</c>) is a 415 saying so. Without it a Latin-1 body was read as UTF-8 anyway — refused as "not valid
/// UTF-8" when it held an accented letter, or, a dataset, stored to fail only when a job named it.</summary>
internal static class CharsetCheck
{
    /// <summary>US-ASCII is a subset of UTF-8; "utf8" is a common spelling of it.</summary>
    private static readonly string[] Accepted = ["utf-8", "utf8", "us-ascii"];

    /// <summary>The 415 for a body whose Content-Type names a charset other than UTF-8; null when it names none or UTF-8.</summary>
    public static IResult? Refusal(HttpRequest request, string body)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)) return null;
        var charset = type.Charset.ToString().Trim().Trim('"').Trim();
        if (charset.Length == 0 || Accepted.Contains(charset, StringComparer.OrdinalIgnoreCase)) return null;
        var shown = Contracts.EchoedText.Of(charset);
        return ApiResults.Errors(StatusCodes.Status415UnsupportedMediaType,
            $"Content-Type charset '{shown}' is not supported; send the {body} as UTF-8 (charset=utf-8, or no charset), e.g. converted with iconv -f {shown} -t utf-8");
    }
}
