using Serilog;
using Serilog.Events;
using Serilog.Parsing;

namespace Tuner.Cli.Logging;

/// <summary>The lines tuner itself writes on stderr — a failure (<c>error: …</c>, the problems of bad input), what a
/// signal makes it say — as plain text, or, for a cluster node logging JSON (<see cref="AsEvents"/>), as one log event
/// each, so that everything a node writes is JSON a log shipper can read (a plain line among them cannot be parsed).</summary>
internal static class StderrLines
{
    private static volatile bool s_asEvents;

    /// <summary>Whether lines are log events: set for each command before it runs (a <see cref="Commands.NodeCommand"/>
    /// with the JSON format), and only once logging is configured.</summary>
    public static bool AsEvents
    {
        get => s_asEvents;
        set => s_asEvents = value;
    }

    /// <summary>A command's failure: <paramref name="problems"/> one per line, each after <paramref name="plainPrefix"/>;
    /// as an event, one at level Fatal whose message is the problems (joined by "; ") and whose <c>ExitCode</c> property is
    /// <paramref name="exitCode"/>.</summary>
    public static void Fail(IReadOnlyCollection<string> problems, int exitCode, string plainPrefix = "")
    {
        if (s_asEvents)
        {
            Event(LogEventLevel.Fatal, string.Join("; ", problems), exitCode);
            return;
        }
        foreach (var problem in problems)
            Console.Error.WriteLine(plainPrefix + problem);
    }

    /// <summary>Writes <paramref name="line"/> to <paramref name="plain"/> (flushed), or logs it at <paramref name="level"/>.</summary>
    public static void Say(TextWriter plain, string line, LogEventLevel level, int? exitCode = null)
    {
        if (s_asEvents)
        {
            Event(level, line, exitCode);
            return;
        }
        plain.WriteLine(line);
        plain.Flush();
    }

    /// <summary>An event whose message is <paramref name="text"/> as it is (a template of one text token: braces in it are
    /// not placeholders).</summary>
    private static void Event(LogEventLevel level, string text, int? exitCode) =>
        Log.Write(new LogEvent(DateTimeOffset.Now, level, null, new MessageTemplate([new TextToken(text)]),
            exitCode is { } code ? [new LogEventProperty("ExitCode", new ScalarValue(code))] : []));
}
