using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace Tuner.Cli.Logging;

/// <summary>Serilog's rendered compact JSON (<c>@t</c>, <c>@m</c>, <c>@i</c>, <c>@l</c>, <c>@x</c>, <c>@tr</c>,
/// <c>@sp</c>, then the properties) with the message rendered as the text format renders it: string values
/// without quotes (<c>Running job sine-1</c>, where <see cref="RenderedCompactJsonFormatter"/> wrote
/// <c>Running job \"sine-1\"</c>), so a log line reads the same in both formats and a search for it finds both.
/// <para>Positional properties (<c>"0"</c>, <c>"1"</c>: Akka's own events are formatted with <c>{0}</c> placeholders, which
/// the Serilog bridge turns into properties of those names) are left out: the rendered message holds their values, and a
/// field named "0" means nothing to whoever queries the logs.</para></summary>
public sealed class PlainMessageJsonFormatter : ITextFormatter
{
    private static readonly MessageTemplateTextFormatter Message = new("{Message:lj}");
    private readonly JsonValueFormatter _values = new(typeTagName: "$type");

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write("{\"@t\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        output.Write("\",\"@m\":");
        var message = new StringWriter(CultureInfo.InvariantCulture);
        Message.Format(logEvent, message);
        JsonValueFormatter.WriteQuotedJsonString(message.ToString(), output);
        output.Write(",\"@i\":\"");
        output.Write(EventIdHash.Compute(logEvent.MessageTemplate.Text).ToString("x8", CultureInfo.InvariantCulture));
        output.Write('"');
        if (logEvent.Level != LogEventLevel.Information)
        {
            output.Write(",\"@l\":\"");
            output.Write(logEvent.Level);
            output.Write('"');
        }
        if (logEvent.Exception is { } exception)
        {
            output.Write(",\"@x\":");
            JsonValueFormatter.WriteQuotedJsonString(exception.ToString(), output);
        }
        if (logEvent.TraceId is { } trace)
        {
            output.Write(",\"@tr\":\"");
            output.Write(trace.ToHexString());
            output.Write('"');
        }
        if (logEvent.SpanId is { } span)
        {
            output.Write(",\"@sp\":\"");
            output.Write(span.ToHexString());
            output.Write('"');
        }
        foreach (var (name, value) in logEvent.Properties)
        {
            if (IsPositional(name)) continue;
            output.Write(',');
            // Names of the format's own fields are escaped as compact JSON does (@@x).
            JsonValueFormatter.WriteQuotedJsonString(name.StartsWith('@') ? "@" + name : name, output);
            output.Write(':');
            _values.Format(value, output);
        }
        output.Write('}');
        output.WriteLine();
    }

    private static bool IsPositional(string name) => name.Length > 0 && name.All(char.IsAsciiDigit);
}
