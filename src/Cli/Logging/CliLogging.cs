using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Tuner.Cli.Logging;

/// <summary>Serilog set-up for every command: human-readable text by default, JSON lines with
/// <c>--log-format json</c> or <c>TUNER_LOG_FORMAT=json</c>. Logs go to stderr so stdout stays
/// machine-readable (results, ids, JSON documents); <c>--log-file FILE</c> also writes them to a file.
/// While a command draws a live view on a terminal (<see cref="EnterLiveView"/>), stderr gets only warnings and
/// errors (everything with <c>--verbose</c>), written above the view; the file still gets everything.</summary>
public static class CliLogging
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext:l} {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext:l} {Message:lj}{NewLine}{Exception}";

    private static LogSettings s_settings = new(null, false, null);

    /// <summary>How logs are written: <paramref name="Format"/> as <see cref="Resolve">resolved</see>,
    /// <paramref name="Verbose"/> for debug-level logs, <paramref name="LogFile"/> null for none.</summary>
    public sealed record LogSettings(string? Format, bool Verbose, string? LogFile)
    {
        public bool Json => string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase);

        /// <summary>The level logs are kept from: Information, or Debug with --verbose.</summary>
        public LogEventLevel Level => Verbose ? LogEventLevel.Debug : LogEventLevel.Information;
    }

    /// <summary>The log format: the <c>--log-format</c> flag, or else <c>TUNER_LOG_FORMAT</c> (null when neither is
    /// set), with the name of the one it came from.</summary>
    public static (string? Format, string Source) Resolve(string? flag) =>
        flag is not null ? (flag, "--log-format") : (Environment.GetEnvironmentVariable("TUNER_LOG_FORMAT"), "TUNER_LOG_FORMAT");

    /// <summary>Checks the <see cref="Resolve">resolved</see> format, naming its <paramref name="source"/>; null when valid.</summary>
    public static string? Validate(string? format, string source) =>
        format is null or "" or "text" or "json" ? null : $"{source}: must be text or json, not '{format}'";

    /// <summary>Checks that <c>--log-file</c> can be written (its folder exists, the file opens for appending); null when it can.</summary>
    public static string? ValidateLogFile(string? path)
    {
        if (path is null) return null;
        if (path.Length == 0) return "--log-file: give a file name";
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full)) return $"--log-file: '{path}' is a folder; give a file name inside it";
            var folder = Path.GetDirectoryName(full);
            if (folder is not null && !Directory.Exists(folder)) return $"--log-file: the folder '{folder}' does not exist; create it or choose another path";
            using var _ = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"--log-file: cannot write '{path}': {e.Message}";
        }
    }

    /// <summary>Sets up logging for a command: every event at the settings' level to stderr (and the file).</summary>
    public static void Configure(LogSettings settings)
    {
        s_settings = settings;
        Apply(liveView: false);
    }

    /// <summary>For a command that is about to draw a live view on a terminal: from now on stderr gets warnings and
    /// errors only (all events with --verbose), each written above the view.</summary>
    public static void EnterLiveView() => Apply(liveView: true);

    /// <summary>For a command without a live view whose node only looks something up: from now on stderr gets warnings
    /// and errors only (all events with --verbose), so that its answer, a refusal say, is not preceded by the node's
    /// start and stop logs.</summary>
    public static void ShowWarningsOnly() => Apply(liveView: false, warningsOnly: true);

    /// <summary>The host's "Hosting failed to start" (and Akka.Hosting's "Unable to start") carries the exception the command then ends with, whose message tuner
    /// prints (<c>error: …</c>, exit 1): a terminal gets no stack trace of it (a JSON log and --log-file keep it).</summary>
    private static bool IsHostStartFailure(LogEvent e) =>
        e.MessageTemplate.Text is "Hosting failed to start" or "Unable to start AkkaHostedService - shutting down application";

    private static readonly ILogHint[] s_hints = [new MisaddressedMessages(), new SeedJoinHint(), new NotAkkaRemotePort(), new RemoteDisassociation(), new SplitBrainLeaseFailure(), new SingletonLeaseRetries(), new SingletonIdentifiedOnce()];

    /// <summary>Writes the hint a library's event calls for (<see cref="ILogHint"/>) and leaves out the events it replaces.</summary>
    private static bool ReplacedByHint(LogEvent e)
    {
        foreach (var hint in s_hints)
        {
            var (replaced, said) = hint.Check(e);
            if (said is not null) Log.Write(said);
            if (replaced) return true;
        }
        return false;
    }

    private static void Apply(bool liveView, bool warningsOnly = false)
    {
        var settings = s_settings;
        var stderrLevel = (liveView || warningsOnly) && !settings.Verbose ? LogEventLevel.Warning : settings.Level;
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(settings.LogFile is null ? stderrLevel : settings.Level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With<AkkaSourceEnricher>()
            .Enrich.WithProperty(Constants.SourceContextPropertyName, "tuner")
            .Filter.ByExcluding(ReplacedByHint);
        if (settings.Json)
            config.WriteTo.Console(new PlainMessageJsonFormatter(), restrictedToMinimumLevel: stderrLevel, standardErrorFromLevel: LogEventLevel.Verbose);
        else if (liveView)
            config.WriteTo.Logger(terminal => terminal.Filter.ByExcluding(IsHostStartFailure)
                .WriteTo.Sink(new TerminalLogSink(new MessageTemplateTextFormatter(TextTemplate)), stderrLevel));
        else
            config.WriteTo.Logger(terminal => terminal.Filter.ByExcluding(IsHostStartFailure)
                .WriteTo.Console(outputTemplate: TextTemplate, restrictedToMinimumLevel: stderrLevel, standardErrorFromLevel: LogEventLevel.Verbose));
        if (settings.LogFile is { } file)
        {
            ITextFormatter formatter = settings.Json ? new PlainMessageJsonFormatter() : new MessageTemplateTextFormatter(FileTemplate);
            config.WriteTo.File(formatter, file, settings.Level, shared: true);
        }
        var previous = Log.Logger;
        Log.Logger = config.CreateLogger();
        (previous as IDisposable)?.Dispose();
    }
}
