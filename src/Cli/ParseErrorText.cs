using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Tuner.Cli;

/// <summary>A parse error as a user reads it: a value that is not a number names its option and what it needs
/// (<c>--epochs: must be a whole number (got 'abc')</c>), where System.CommandLine names a .NET type
/// (<c>'System.Nullable`1[System.Int32]'</c>). Other errors keep the library's message.</summary>
internal static class ParseErrorText
{
    public static string Describe(ParseError error)
    {
        var (name, type, tokens) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens),
            ArgumentResult { Parent: OptionResult o } => (o.Option.Name, o.Option.ValueType, o.Tokens),
            ArgumentResult a => (a.Argument.Name, a.Argument.ValueType, a.Tokens),
            _ => (null, null, null),
        };
        if (name is null || type is null || tokens is not { Count: > 0 }) return $"error: {error.Message}";
        var token = tokens[0].Value;
        var option = error.SymbolResult switch { OptionResult o => o.Option, ArgumentResult { Parent: OptionResult o } => o.Option, _ => null };
        if (option is Commands.BoundedIntegerOption bounded) return bounded.Problem(token);
        return Needs(Nullable.GetUnderlyingType(type) ?? type, token) is { } needs ? $"{name}: {needs} (got '{token}')" : $"error: {error.Message}";
    }

    /// <summary>What <paramref name="token"/> fails to be for <paramref name="type"/>, or null when it parses (the error
    /// is about something else).</summary>
    private static string? Needs(Type type, string token)
    {
        if (type == typeof(int)) return Whole<int>(token);
        if (type == typeof(long)) return Whole<long>(token);
        if (type == typeof(double) || type == typeof(float))
            return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : "must be a number, e.g. 0.5";
        return null;
    }

    private static string? Whole<T>(string token) where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (T.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) return null;
        return BigInteger.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? $"must be a whole number from {T.MinValue} to {T.MaxValue}"
            : "must be a whole number";
    }
}
