using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tuner.Coordinator.Api;

/// <summary>The body of <c>POST /api/jobs</c> as text, or the 4xx answer explaining why not: a media type other
/// than JSON, a compressed body or a charset other than UTF-8 (415), a body over the limit (413, checked before and while reading), bytes that are not UTF-8 (400).</summary>
internal static class SubmissionReader
{
    public sealed record Outcome(string? Body, IResult? Problem);

    public static async Task<Outcome> ReadAsync(HttpRequest request, ApiOptions options, CancellationToken ct)
    {
        if (request.ContentLength > options.MaxBodyBytes) return Fail(TooLarge(options));
        var mediaType = request.ContentType?.Split(';')[0].Trim() ?? "";
        if (!(mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            return Fail(ApiResults.Errors(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be application/json (got '{Contracts.EchoedText.Of(mediaType)}'); send the job spec as JSON"));
        if (ContentEncodingCheck.Refusal(request, "job spec") is { } compressed) return Fail(compressed);
        if (CharsetCheck.Refusal(request, "job spec") is { } charset) return Fail(charset);
        BodyReader.CountedHere(request.HttpContext);
        try
        {
            return await BodyReader.ReadAsync(request.Body, options.MaxBodyBytes, ct) is { } body
                ? new Outcome(body, null)
                : Fail(TooLarge(options));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(TooLarge(options));
        }
        catch (DecoderFallbackException)
        {
            return Fail(ApiResults.Errors(StatusCodes.Status400BadRequest, "the body is not valid UTF-8 text; send the job spec as UTF-8 JSON"));
        }
    }

    private static Outcome Fail(IResult problem) => new(null, problem);

    private static IResult TooLarge(ApiOptions options) =>
        ApiResults.Errors(StatusCodes.Status413PayloadTooLarge,
            $"request body exceeds the limit of {options.MaxBodyBytes} bytes (TUNER_MAX_BODY_BYTES); a csv job's data.content counts towards it");
}
