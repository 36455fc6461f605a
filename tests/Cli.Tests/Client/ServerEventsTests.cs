using System.Text;
using Tuner.Cli.Client;

namespace Tuner.Cli.Tests.Client;

/// <summary>The client's reading of <c>text/event-stream</c>: events by name, multi-line data, comments and
/// retry lines skipped, CRLF line ends, an unfinished last event dropped.</summary>
public sealed class ServerEventsTests
{
    [Fact]
    public async Task Events_are_read_with_their_names_and_data()
    {
        var stream = "retry: 2000\r\n\r\n: keep-alive\n\nevent: summary\ndata: {\"a\":1}\n\ndata: first\ndata: second\n\nevent: summary\ndata:{\"b\":2}\n\nevent: summary\ndata: {\"cut\"";
        var events = new List<(string, string)>();
        await foreach (var e in ServerEvents.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(stream)), CancellationToken.None))
            events.Add(e);
        Assert.Equal([("summary", "{\"a\":1}"), ("message", "first\nsecond"), ("summary", "{\"b\":2}")], events);
    }
}
