using Serilog.Events;

namespace Tuner.Cli.Logging;

/// <summary>A log event from a library (Akka) that says what happened in its own terms, paired with what a user should do
/// about it: the first occurrence gets a warning in Tuner's terms (<c>Hint</c>); <c>Replaced</c> events are left out,
/// because the hint says all they do.</summary>
internal interface ILogHint
{
    (bool Replaced, LogEvent? Hint) Check(LogEvent e);
}
