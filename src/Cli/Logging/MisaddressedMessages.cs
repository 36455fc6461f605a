using System.Collections.Concurrent;
using Serilog.Events;

namespace Tuner.Cli.Logging;

/// <summary>Akka.Remote drops every message addressed to this node under another address than the one it advertises —
/// a worker started with <c>--seeds akka.tcp://tuner@127.0.0.1:4053</c> while the coordinator is
/// <c>akka.tcp://tuner@vm:4053</c> (its <c>--hostname</c>, by default the machine's name) — and says so as an error, in
/// its own words, every few seconds while the other node keeps trying to join. This turns the first such error per
/// address into one warning that says what to do, and leaves the repeats out.</summary>
internal sealed class MisaddressedMessages : ILogHint
{
    private const string AkkaTemplate = "Dropping message [{0}] for non-local recipient";
    private static readonly MessageTemplate HintTemplate = ILogHint.Template(
        "A node sent to {SentTo}, but this node's address is {OwnAddress}, and Akka accepts only the address a node advertises: " +
        "start the other nodes with --seeds {OwnAddress}, or this one with --hostname {SentToHost}");

    private readonly ConcurrentDictionary<string, bool> _told = new(StringComparer.Ordinal);

    public (bool Replaced, LogEvent? Hint) Check(LogEvent e)
    {
        // Akka's arguments by position: 2 is the address the message was sent to, 3 this node's own.
        if (!e.MessageTemplate.Text.StartsWith(AkkaTemplate, StringComparison.Ordinal)
            || Text(e, "2") is not { } sentTo || Text(e, "3") is not { } own)
            return (false, null);
        if (!_told.TryAdd(sentTo, true)) return (true, null);
        var host = Uri.TryCreate(sentTo, UriKind.Absolute, out var uri) ? uri.Host : sentTo;
        return (true, ILogHint.Warning(e, HintTemplate, "remoting", ("SentTo", sentTo), ("OwnAddress", own), ("SentToHost", host)));
    }

    private static string? Text(LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: string text } ? text.Trim('[', ']', '/') : null;
}
