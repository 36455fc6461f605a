using System.Globalization;

namespace Tuner.Cli.Output;

/// <summary>Numbers as the CLI prints them: a few significant digits, positional up to 10¹⁵ (an RMSE of 563000 in a
/// price's units, not 5.63E+05), with a lowercase exponent only for the very large and the very small (1.234e-05).</summary>
internal static class Significant
{
    public static string Of(double value, int digits)
    {
        var text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (!text.Contains('E', StringComparison.Ordinal)) return text;
        // G switched to an exponent: the rounded value, positional when it is a whole number of reasonable size.
        var rounded = double.Parse(text, CultureInfo.InvariantCulture);
        return Math.Abs(rounded) is >= 1 and < 1e15 ? rounded.ToString("0", CultureInfo.InvariantCulture) : text.Replace("E", "e", StringComparison.Ordinal);
    }
}
