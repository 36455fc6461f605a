using System.Globalization;

namespace Tuner.Cli.Hosting;

/// <summary>A duration as a flag or variable gives it: a whole or decimal number and a unit, <c>ms</c>, <c>s</c>,
/// <c>m</c> or <c>h</c> (<c>90s</c>, <c>5m</c>, <c>1.5h</c>), or a bare number of seconds (<c>60</c>, <c>0</c>), as
/// Kubernetes manifests and systemd units are usually written.</summary>
internal static class DurationSetting
{
    /// <summary>The duration <paramref name="text"/> says, or null when it is not one (negative included).</summary>
    public static TimeSpan? Parse(string text)
    {
        var value = text.Trim();
        var (number, unit) = value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (value[..^2], TimeSpan.FromMilliseconds(1))
            : value.EndsWith('s') || value.EndsWith('S') ? (value[..^1], TimeSpan.FromSeconds(1))
            : value.EndsWith('m') || value.EndsWith('M') ? (value[..^1], TimeSpan.FromMinutes(1))
            : value.EndsWith('h') || value.EndsWith('H') ? (value[..^1], TimeSpan.FromHours(1))
            : (value, TimeSpan.FromSeconds(1));
        if (!double.TryParse(number.TrimEnd(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return null;
        var ticks = amount * unit.Ticks;
        return double.IsFinite(ticks) && ticks <= TimeSpan.MaxValue.Ticks ? TimeSpan.FromTicks((long)ticks) : null;
    }
}
