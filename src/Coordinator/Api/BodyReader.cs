using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tuner.Coordinator.Api;

/// <summary>Reads a request body as strict UTF-8 (a leading byte-order mark dropped) up to a limit (null when it
/// is longer), so an oversized body is never buffered whole.</summary>
internal static class BodyReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Lifts Kestrel's body limit from a request whose reader counts the body's bytes itself: Kestrel counts
    /// a chunked body's framing too (a chunk's size line and CRLFs), so it refused chunked bodies a few bytes under the
    /// limit, and more under it the smaller the chunks. Its limit stays on every endpoint that reads no body.</summary>
    public static void CountedHere(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = null;
    }

    public static async Task<string?> ReadAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        // A byte-order mark (some Windows tools send one) is not part of the JSON.
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
        return StrictUtf8.GetString(bytes);
    }
}
