using Microsoft.AspNetCore.Http;

namespace Tuner.Coordinator.Api;

/// <summary>Request bodies are read as sent: a compressed one (<c>Content-Encoding: gzip</c>, curl's
/// <c>--compressed</c>-minded clients) is a 415 saying so. Without it a gzipped job spec was refused as "not valid UTF-8",
/// and a gzipped dataset was stored (201) as its compressed bytes, to fail only when a job named it.</summary>
internal static class ContentEncodingCheck
{
    /// <summary>The 415 for a body with a content coding other than <c>identity</c>; null when it has none.</summary>
    public static IResult? Refusal(HttpRequest request, string body)
    {
        var coding = request.Headers.ContentEncoding.ToString().Trim();
        if (coding.Length == 0 || coding.Equals("identity", StringComparison.OrdinalIgnoreCase)) return null;
        return ApiResults.Errors(StatusCodes.Status415UnsupportedMediaType,
            $"Content-Encoding '{Contracts.EchoedText.Of(coding)}' is not supported; send the {body} uncompressed (no Content-Encoding header)");
    }
}
