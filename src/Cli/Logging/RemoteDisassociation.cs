using Serilog.Events;

namespace Tuner.Cli.Logging;

/// <summary>A node that stops without leaving (a worker killed, a pod evicted) makes Akka.Remote log two events with
/// the same stack trace of its own internals: a warning "Association with remote system … has failed … Reason is:
/// [EndpointDisassociatedException … at Akka.Remote.EndpointWriter…]" and an error "Disassociated" from the endpoint's
/// supervisor. Neither is a fault of Tuner's, and the cluster says what follows (unreachable, downed, attempts
/// requeued). This keeps one warning line in words and leaves the error and the stack trace out.</summary>
internal sealed class RemoteDisassociation : ILogHint
{
    private const string GatedTemplate = "Association with remote system ";
    private const string DisassociatedType = "Akka.Remote.EndpointDisassociatedException"; // internal to Akka.Remote
    private static readonly MessageTemplate HintTemplate = ILogHint.Template(
        "Lost the connection to {Address:l} ({Reason:l}): the node stopped, or the network to it failed; Akka.Remote tries again in {Gated:l} ms");

    public (bool Replaced, LogEvent? Hint) Check(LogEvent e)
    {
        if (e.Exception?.GetType().FullName == DisassociatedType) return (true, null);
        if (!e.MessageTemplate.Text.StartsWith(GatedTemplate, StringComparison.Ordinal)
            || ILogHint.Text(e, "0") is not { } address || ILogHint.Text(e, "2") is not { } reason)
            return (false, null);
        var firstLine = reason.Split('\n', 2)[0].Trim();
        var words = firstLine.LastIndexOf(": ", StringComparison.Ordinal) is var colon and >= 0 ? firstLine[(colon + 2)..] : firstLine;
        return (true, ILogHint.Warning(e, HintTemplate, "remoting", ("Address", address), ("Reason", words), ("Gated", ILogHint.Text(e, "1") ?? "?")));
    }
}
