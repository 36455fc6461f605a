using Serilog.Events;
using Serilog.Parsing;

namespace Tuner.Cli.Logging;

/// <summary>A log event from a library (Akka) that says what happened in its own terms, paired with what a user should do
/// about it: the first occurrence gets a warning in Tuner's terms (<c>Hint</c>); <c>Replaced</c> events are left out,
/// because the hint says all they do.</summary>
internal interface ILogHint
{
    (bool Replaced, LogEvent? Hint) Check(LogEvent e);

    /// <summary>The value of <paramref name="e"/>'s property <paramref name="name"/> as text (Akka's events name their
    /// values by position: "0", "1", …); null when it has none.</summary>
    static string? Text(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: { } v } ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>A hint's template, parsed once.</summary>
    static MessageTemplate Template(string text) => new MessageTemplateParser().Parse(text);

    /// <summary>The warning that says <paramref name="template"/> with <paramref name="properties"/>, from <paramref name="source"/>,
    /// at the time of the event it explains.</summary>
    static LogEvent Warning(LogEvent cause, MessageTemplate template, string source, params (string Name, string Value)[] properties) =>
        new(cause.Timestamp, LogEventLevel.Warning, null, template,
            [
                .. properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))),
                new LogEventProperty(Serilog.Core.Constants.SourceContextPropertyName, new ScalarValue(source)),
            ]);
}
