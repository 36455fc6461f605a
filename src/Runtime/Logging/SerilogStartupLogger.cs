using Akka.Event;
using Serilog.Events;

namespace Tuner.Runtime.Logging;

/// <summary>Akka's "stdout" logger (used before the logger actors start and after they stop, i.e. at
/// start-up and shutdown) sent to Serilog instead, so stdout stays clean for machine output such as
/// <c>tuner run --json</c>.</summary>
public sealed class SerilogStartupLogger : MinimalLogger
{
    protected override void Log(object message)
    {
        if (message is not Akka.Event.LogEvent e) return;
        var level = e.LogLevel() switch
        {
            Akka.Event.LogLevel.ErrorLevel => LogEventLevel.Error,
            Akka.Event.LogLevel.WarningLevel => LogEventLevel.Warning,
            Akka.Event.LogLevel.InfoLevel => LogEventLevel.Information,
            _ => LogEventLevel.Debug,
        };
        var logger = Serilog.Log.Logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, e.LogClass?.Name ?? e.LogSource);
        if (e.Message is LogMessage m) logger.Write(level, e.Cause, m.Format, m.Parameters().ToArray());
        else logger.Write(level, e.Cause, "{Message:l}", e.Message);
    }
}
