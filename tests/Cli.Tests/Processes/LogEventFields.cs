using System.Globalization;
using System.Text.Json;

namespace Tuner.Cli.Tests.Processes;

/// <summary>The fields of a structured log event (<see cref="TunerProcess.LogEvents"/>, Serilog's compact JSON) that
/// the process tests read.</summary>
public static class LogEventFields
{
    /// <summary>The rendered message (<c>@m</c>), or "" when the event has none.</summary>
    public static string Message(this JsonElement e) => e.TryGetProperty("@m", out var m) ? m.GetString() ?? "" : "";

    /// <summary>When it was logged (<c>@t</c>), in UTC.</summary>
    public static DateTime Time(this JsonElement e) =>
        DateTime.Parse(e.GetProperty("@t").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
