using Serilog.Events;
using Tuner.Cli.Logging;

namespace Tuner.Cli;

/// <summary>The lines a process says as it ends, in the order it ends: once a second Ctrl-C has said "ending now" and
/// the process is exiting, a command's own closing line ("interrupted: state saved…"), written by its thread a moment
/// later, is not said after it (<c>Environment.Exit</c> does not stop the other threads). A node logging JSON says them
/// as log events of <c>level</c> (<see cref="StderrLines"/>).</summary>
internal sealed class ClosingWords(TextWriter output)
{
    /// <summary>This process's stderr.</summary>
    public static readonly ClosingWords OfProcess = new(Console.Error);

    private readonly Lock _gate = new();
    private bool _ended;

    /// <summary>Writes <paramref name="line"/> unless the process has said its last line.</summary>
    public void Say(string line, LogEventLevel level = LogEventLevel.Warning)
    {
        lock (_gate)
        {
            if (_ended) return;
            StderrLines.Say(output, line, level);
        }
    }

    /// <summary>Writes <paramref name="line"/> as the process's last (the caller exits next with <paramref name="exitCode"/>);
    /// false when another was first.</summary>
    public bool SayLast(string line, int exitCode, LogEventLevel level = LogEventLevel.Warning)
    {
        lock (_gate)
        {
            if (_ended) return false;
            _ended = true;
            StderrLines.Say(output, line, level, exitCode);
            return true;
        }
    }
}
