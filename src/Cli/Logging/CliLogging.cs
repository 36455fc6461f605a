using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Tuner.Cli.Logging;

/// <summary>Serilog set-up for every command: human-readable text by default, JSON lines with
/// <c>--log-format json</c> or <c>TUNER_LOG_FORMAT=json</c>. Logs go to stderr so stdout stays
/// machine-readable (results, ids, JSON documents).</summary>
public static class CliLogging
{
    public static void Configure(string? format, LogEventLevel minimumLevel)
    {
        format ??= Environment.GetEnvironmentVariable("TUNER_LOG_FORMAT");
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

    /// <summary>Checks the <c>--log-format</c> flag, or else <c>TUNER_LOG_FORMAT</c>; null when valid.</summary>
    public static string? Validate(string? format)
    {
        var (value, source) = format is not null ? (format, "--log-format") : (Environment.GetEnvironmentVariable("TUNER_LOG_FORMAT"), "TUNER_LOG_FORMAT");
        return value is null or "" or "text" or "json" ? null : $"{source}: must be text or json, not '{value}'";
    }
}
