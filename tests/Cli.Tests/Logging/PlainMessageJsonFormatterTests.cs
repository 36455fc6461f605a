using System.Text.Json;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Tuner.Cli.Logging;

namespace Tuner.Cli.Tests.Logging;

public sealed class PlainMessageJsonFormatterTests
{
    [Fact]
    public void The_message_renders_strings_as_the_text_format_does_and_the_rest_as_compact_json()
    {
        var events = new List<LogEvent>();
        using (var logger = new LoggerConfiguration().WriteTo.Sink(new Collect(events)).CreateLogger())
        {
            logger.Warning(new InvalidOperationException("boom"), "Running job {JobId} with {Trials} trials on {@Space}", "sine-1", 8, new { units = 32 });
        }
        var logEvent = Assert.Single(events);

        var line = Format(new PlainMessageJsonFormatter(), logEvent);
        Assert.EndsWith("\n", line);
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal("Running job sine-1 with 8 trials on {\"units\":32}", root.GetProperty("@m").GetString());
        Assert.Equal("Warning", root.GetProperty("@l").GetString());
        Assert.Contains("boom", root.GetProperty("@x").GetString());
        Assert.Equal("sine-1", root.GetProperty("JobId").GetString());
        Assert.Equal(8, root.GetProperty("Trials").GetInt32());
        Assert.Equal(32, root.GetProperty("Space").GetProperty("units").GetInt32());

        // Every other field is what Serilog's rendered compact JSON writes.
        using var compact = JsonDocument.Parse(Format(new RenderedCompactJsonFormatter(), logEvent));
        Assert.Equal("Running job \"sine-1\" with 8 trials on { units: 32 }", compact.RootElement.GetProperty("@m").GetString());
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(compact.RootElement.EnumerateObject().Select(p => p.Name), names);
        foreach (var name in names.Where(n => n != "@m"))
            Assert.Equal(compact.RootElement.GetProperty(name).GetRawText(), root.GetProperty(name).GetRawText());
    }

    [Fact]
    public void An_information_event_has_no_level_field()
    {
        var logEvent = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new Serilog.Parsing.MessageTemplateParser().Parse("ready"), []);
        using var document = JsonDocument.Parse(Format(new PlainMessageJsonFormatter(), logEvent));
        Assert.False(document.RootElement.TryGetProperty("@l", out _));
        Assert.Equal("1970-01-01T00:00:00.0000000Z", document.RootElement.GetProperty("@t").GetString());
    }

    [Fact]
    public void Positional_properties_of_akkas_events_are_left_out_and_their_values_stay_in_the_message()
    {
        // Akka.Logger.Serilog writes Akka's LogMessage as its format and arguments: "{0}" placeholders become properties "0", "1".
        var events = new List<LogEvent>();
        using (var logger = new LoggerConfiguration().WriteTo.Sink(new Collect(events)).CreateLogger())
        {
            logger.ForContext("LogSource", "Cluster (akka://tuner)")
                .Information("Cluster Node [{0}] - Node [{1}] is JOINING itself (with roles [{2}], version [{3}])", "akka.tcp://tuner@127.0.0.1:4053", "akka.tcp://tuner@127.0.0.1:4053", "coordinator", "1.0.0");
        }

        using var document = JsonDocument.Parse(Format(new PlainMessageJsonFormatter(), Assert.Single(events)));
        var root = document.RootElement;
        Assert.Equal("Cluster Node [akka.tcp://tuner@127.0.0.1:4053] - Node [akka.tcp://tuner@127.0.0.1:4053] is JOINING itself (with roles [coordinator], version [1.0.0])",
            root.GetProperty("@m").GetString());
        Assert.Equal(["@t", "@m", "@i", "LogSource"], root.EnumerateObject().Select(p => p.Name));
    }

    private static string Format(Serilog.Formatting.ITextFormatter formatter, LogEvent logEvent)
    {
        var writer = new StringWriter();
        formatter.Format(logEvent, writer);
        return writer.ToString();
    }

    private sealed class Collect(List<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Add(logEvent);
    }
}
