using Serilog.Events;

namespace Tuner.Cli.Logging;

/// <summary>When no coordinator is left, a worker's split-brain resolver cannot take the lease (the coordinators'
/// database, relayed through them) and Akka.Cluster logs "SBR acquire of lease failed" as an error with the whole
/// stack of Tuner's lease relay. Nothing is wrong with the node: the lease is out of reach, and Tuner's own line that
/// follows says what happens (the worker leaves, its process ends). This keeps one warning line in words.</summary>
internal sealed class SplitBrainLeaseFailure : ILogHint
{
    private const string AkkaTemplate = "SBR acquire of lease failed";
    private static readonly MessageTemplate HintTemplate = ILogHint.Template(
        "The split-brain lease could not be taken ({Reason:l}): no coordinator answers for it; this node downs itself rather than risk two clusters");

    public (bool Replaced, LogEvent? Hint) Check(LogEvent e)
    {
        if (!e.MessageTemplate.Text.StartsWith(AkkaTemplate, StringComparison.Ordinal)) return (false, null);
        var cause = e.Exception;
        while (cause?.InnerException is not null) cause = cause.InnerException;
        return (true, ILogHint.Warning(e, HintTemplate, "cluster", ("Reason", cause?.Message ?? "no reason given")));
    }
}
