using System.Buffers;
using System.Text;

namespace Tuner.Coordinator.Api;

/// <summary>Reads a request body as strict UTF-8 up to a limit (null when it is longer), so an
/// oversized body is never buffered whole.</summary>
internal static class BodyReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
        return StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
