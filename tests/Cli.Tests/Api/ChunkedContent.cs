using System.Net;
using System.Net.Http.Headers;

namespace Tuner.Cli.Tests.Api;

/// <summary>A body sent with <c>Transfer-Encoding: chunked</c> (no Content-Length), one chunk per
/// <paramref name="chunkSize"/> bytes: what a streaming client (curl -T -, a proxy) sends.</summary>
internal sealed class ChunkedContent : HttpContent
{
    private readonly byte[] bytes;
    private readonly int chunkSize;

    public ChunkedContent(byte[] bytes, int chunkSize, string mediaType)
    {
        (this.bytes, this.chunkSize) = (bytes, chunkSize);
        Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var at = 0; at < bytes.Length; at += chunkSize)
        {
            await stream.WriteAsync(bytes.AsMemory(at, Math.Min(chunkSize, bytes.Length - at)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
