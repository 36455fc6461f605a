using Serilog.Events;

namespace Tuner.Cli.Logging;

/// <summary>Akka's "Couldn't join seed nodes after [N] attempts" says that no seed answered, not why. The usual reason,
/// besides no coordinator running there, is a seed that names the coordinator by another address than the one it
/// advertises (an IP address for a host name): the coordinator then drops the request. The first such warning gets a
/// hint that says so; Akka's own lines stay (they count the attempts).</summary>
internal sealed class SeedJoinHint : ILogHint
{
    private const string AkkaTemplate = "Couldn't join seed nodes after";
    private static readonly MessageTemplate HintTemplate = ILogHint.Template(
        "Not in the cluster yet: no seed answered. A seed must name a running coordinator exactly as it advertises itself, " +
        "as its line \"Coordinator akka.tcp://tuner@HOST:PORT is up\" shows (an IP address for a host name is not answered)");

    private int _told;

    public (bool Replaced, LogEvent? Hint) Check(LogEvent e) =>
        e.MessageTemplate.Text.StartsWith(AkkaTemplate, StringComparison.Ordinal) && Interlocked.Exchange(ref _told, 1) == 0
            ? (false, ILogHint.Warning(e, HintTemplate, "tuner"))
            : (false, null);
}
