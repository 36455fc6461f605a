using Serilog.Events;

namespace Tuner.Cli.Logging;

/// <summary>Each of a node's singleton proxies (the API, the worker, the lease relay, …) logs "Singleton identified at
/// [path]" when it finds the job manager: four to eight identical lines at every start and hand-over. The first stays;
/// the same path again is left out until the singleton is found somewhere else.</summary>
internal sealed class SingletonIdentifiedOnce : ILogHint
{
    private const string AkkaTemplate = "Singleton identified at [";
    private string? _said;

    public (bool Replaced, LogEvent? Hint) Check(LogEvent e)
    {
        if (!e.MessageTemplate.Text.StartsWith(AkkaTemplate, StringComparison.Ordinal) || ILogHint.Text(e, "0") is not { } path) return (false, null);
        return (Interlocked.Exchange(ref _said, path) == path, null);
    }
}
