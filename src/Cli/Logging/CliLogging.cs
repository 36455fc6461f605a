using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Tuner.Cli.Logging;

/// <summary>Serilog set-up for every command: human-readable text by default, JSON lines with
/// <c>--log-format json</c> or <c>TUNER_LOG_FORMAT=json</c>. Logs go to stderr so stdout stays
/// machine-readable (results, ids, JSON documents).</summary>
public static class CliLogging
{
    /// <summary>The log format: the <c>--log-format</c> flag, or else <c>TUNER_LOG_FORMAT</c> (null when neither is
    /// set), with the name of the one it came from.</summary>
    public static (string? Format, string Source) Resolve(string? flag) =>
        flag is not null ? (flag, "--log-format") : (Environment.GetEnvironmentVariable("TUNER_LOG_FORMAT"), "TUNER_LOG_FORMAT");

    /// <param name="format">The <see cref="Resolve">resolved</see> format.</param>
    public static void Configure(string? format, LogEventLevel minimumLevel)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(minimumLevel)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty(Serilog.Core.Constants.SourceContextPropertyName, "tuner");
        config = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
            ? config.WriteTo.Console(new RenderedCompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
            : config.WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext:l} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose);
        Log.Logger = config.CreateLogger();
    }

    /// <summary>Checks the <see cref="Resolve">resolved</see> format, naming its <paramref name="source"/>; null when valid.</summary>
    public static string? Validate(string? format, string source) =>
        format is null or "" or "text" or "json" ? null : $"{source}: must be text or json, not '{format}'";
}
