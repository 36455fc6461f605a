using System.Collections.Concurrent;
using Serilog.Events;

namespace Tuner.Cli.Logging;

/// <summary>A seed that names a port where something else listens — most often the coordinator's HTTP port (8080)
/// instead of its Akka port (4053) — answers bytes Akka.Remote reads as an absurd frame length, and Akka.Remote logs
/// that as an error with DotNetty's stack trace every few seconds. This turns the first one per address into a warning
/// that says what it means, and leaves the repeats out.</summary>
internal sealed class NotAkkaRemotePort : ILogHint
{
    private const string AkkaTemplate = "Error caught channel";
    private static readonly MessageTemplate HintTemplate = ILogHint.Template(
        "{Address:l} answers, but not as a Tuner node: is it an HTTP port? A seed names a coordinator's Akka port (--port, 4053 by " +
        "default), as its line \"Coordinator akka.tcp://tuner@HOST:PORT is up\" shows, not its --http port");

    private readonly ConcurrentDictionary<string, bool> _told = new(StringComparer.Ordinal);

    public (bool Replaced, LogEvent? Hint) Check(LogEvent e)
    {
        if (e.Exception is not DotNetty.Codecs.TooLongFrameException || !e.MessageTemplate.Text.StartsWith(AkkaTemplate, StringComparison.Ordinal))
            return (false, null);
        var address = Remote(e) ?? "a seed";
        return _told.TryAdd(address, true) ? (true, ILogHint.Warning(e, HintTemplate, "remoting", ("Address", address))) : (true, null);
    }

    /// <summary>The far end of Akka's channel, its second argument in <c>Error caught channel [{0}-&gt;{1}](Id={2})</c>,
    /// e.g. <c>127.0.0.1:8080</c>.</summary>
    private static string? Remote(LogEvent e) =>
        e.Properties.TryGetValue("1", out var value) && value is ScalarValue { Value: { } remote }
            ? remote.ToString()!.Replace("[::ffff:", "", StringComparison.Ordinal).Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal)
            : null;
}
