using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Tuner.Cli.Terminal;

namespace Tuner.Cli.Logging;

/// <summary>Log events on a terminal that shows a live view: each written as whole lines above the view (never into
/// it), warnings and errors in colour where the terminal has colours.</summary>
internal sealed class TerminalLogSink(ITextFormatter formatter) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        using var text = new StringWriter();
        formatter.Format(logEvent, text);
        var style = logEvent.Level switch
        {
            >= LogEventLevel.Error => TextStyle.Error,
            LogEventLevel.Warning => TextStyle.Warning,
            _ => TextStyle.Plain,
        };
        foreach (var line in text.ToString().TrimEnd('\n', '\r').Split('\n'))
            LiveRegion.WriteLineAbove(new StyledLine().Add(line.TrimEnd('\r'), style));
    }
}
