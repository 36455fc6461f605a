using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Tuner.Cli.Commands;

/// <summary>An integer option with the range it accepts, checked while parsing: a value outside it, a number too large
/// for an integer and a word all get the same message, naming the option and its range
/// (<c>--workers: must be an integer from 1 to 256 (got 0)</c>), not the limits of .NET's <c>int</c>.</summary>
public sealed class BoundedIntegerOption : Option<int>
{
    public BoundedIntegerOption(string name, int min, int max, string description) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(min, max);
        (Min, Max, Description) = (min, max, description);
        Validators.Add(result =>
        {
            if (result.Tokens is [{ } token, ..] && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && (value < min || value > max))
                result.AddError(Problem(token.Value));
        });
    }

    public int Min { get; }

    public int Max { get; }

    /// <summary>The value when the option was given, else null (for options whose absence means something).</summary>
    public int? GivenIn(ParseResult parse) => parse.GetResult(this) is null ? null : parse.GetValue(this);

    /// <summary>What is wrong with <paramref name="token"/> as this option's value.</summary>
    public string Problem(string token) => Problem(Name, Min, Max, token);

    /// <summary>The one wording of an integer out of its range, or not an integer, for options and the environment
    /// variables beside them (<c>--slots / TUNER_SLOTS: must be an integer from 1 to 256 (got 'four')</c>).</summary>
    public static string Problem(string name, int min, int max, string token)
    {
        var got = BigInteger.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? token : $"'{token}'";
        return $"{name}: must be an integer from {min} to {max} (got {got})";
    }
}
