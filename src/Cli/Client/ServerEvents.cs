using System.Runtime.CompilerServices;
using System.Text;

namespace Tuner.Cli.Client;

/// <summary>Reads a <c>text/event-stream</c> body: yields each event's name and data (multi-line data joined with
/// '\n'); comments, <c>retry:</c> and <c>id:</c> lines are skipped.</summary>
internal static class ServerEvents
{
    public static async IAsyncEnumerable<(string Event, string Data)> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var data = new StringBuilder();
        var name = "message";
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0) yield return (name, data.ToString());
                data.Clear();
                name = "message";
                continue;
            }
            if (line[0] == ':') continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..];
            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "data":
                    if (data.Length > 0) data.Append('\n');
                    data.Append(value);
                    break;
            }
        }
    }
}
