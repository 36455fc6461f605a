using System.CommandLine.Parsing;
using System.Globalization;

namespace Tuner.Cli.Commands;

/// <summary>A number option's value read as the job spec reads numbers: a '.' decimal point and no thousands separators.
/// The command-line library's own parser allows thousands separators, so a decimal comma was silently misread
/// (<c>--temperature 1,5</c> was 15).</summary>
public static class InvariantNumber
{
    public static double Parse(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        // The wording is ParseErrorText's, which names the option and the token.
        result.AddError($"cannot parse '{token}' as a number");
        return 0;
    }
}
