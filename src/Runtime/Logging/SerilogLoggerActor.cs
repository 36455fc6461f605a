using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Serilog;
using Serilog.Events;

namespace Tuner.Runtime.Logging;

/// <summary>Akka's logger, forwarding each <see cref="Akka.Event.LogEvent"/> to Serilog with its message
/// template and arguments (structured), the actor's class as source context and its path.
/// Akka.Logger.Serilog is not on the mirror, and the Microsoft.Extensions.Logging bridge was seen
/// mixing up arguments.</summary>
public sealed class SerilogLoggerActor : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public SerilogLoggerActor()
    {
        Receive<Error>(e => Write(LogEventLevel.Error, e));
        Receive<Warning>(e => Write(LogEventLevel.Warning, e));
        Receive<Info>(e => Write(LogEventLevel.Information, e));
        Receive<Debug>(e => Write(LogEventLevel.Debug, e));
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
    }

    private static void Write(LogEventLevel level, Akka.Event.LogEvent e)
    {
        var logger = Log.Logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, e.LogClass?.Name ?? e.LogSource)
            .ForContext("LogSource", e.LogSource);
        if (!logger.IsEnabled(level)) return;
        if (e.Message is LogMessage message)
            logger.Write(level, e.Cause, message.Format, message.Parameters().ToArray());
        else
            logger.Write(level, e.Cause, "{Message:l}", e.Message);
    }
}
