using System.Net;

namespace Tuner.Cli.Client;

/// <summary>A request body read from <paramref name="source"/> in 64 KiB pieces (never whole in memory), reporting the
/// bytes sent so far to <paramref name="progress"/> after each piece.</summary>
internal sealed class ProgressContent(Stream source, long length, Action<long> progress) : HttpContent
{
    private const int PieceSize = 64 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[PieceSize];
        long sent = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            sent += read;
            progress(sent);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long size)
    {
        size = length;
        return true;
    }
}
