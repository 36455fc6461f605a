using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Tuner.Cli;

/// <summary>A parse error as a user reads it: a value that is not a number names its option and what it needs
/// (<c>--epochs: must be a whole number (got 'abc')</c>), where System.CommandLine names a .NET type
/// (<c>'System.Nullable`1[System.Int32]'</c>). Other errors keep the library's message.</summary>
internal static class ParseErrorText
{
    /// <summary>Every problem with the command line, one line each; empty when it parsed. A word that looks like an
    /// option but is none is named as an unknown option, with the nearest known one when it is close
    /// (<c>--worker</c>: did you mean --workers?), for every command: the library reports it as an unrecognized argument
    /// (and the value after it as another), or binds it to a command's argument, e.g. <c>tuner plan --bogus</c> took
    /// it for the job spec.</summary>
    public static IReadOnlyList<string> Problems(ParseResult parse)
    {
        var unknown = UnknownOptions(parse);
        var lines = unknown.Select(u => u.Message).ToList();
        // The unknown options and the values typed after them are said above; the library's lines would repeat them.
        var said = unknown.SelectMany(u => u.Tokens).ToHashSet(StringComparer.Ordinal);
        // No command chosen: one line saying so (the library said "Required command was not provided." and, for a
        // mistyped command, "Unrecognized command or argument" besides).
        var noCommand = parse.CommandResult.Command is RootCommand root ? MissingCommand(parse, root) : null;
        if (noCommand is not null) lines.Add(noCommand);
        foreach (var error in parse.Errors)
        {
            if (noCommand is not null && error.SymbolResult is CommandResult) continue;
            if (!said.Any(token => error.Message.Contains($"'{token}'", StringComparison.Ordinal)))
                lines.Add(Describe(error));
        }
        return lines;
    }

    /// <summary>What to say when the root has errors of its own: the word typed instead of a command (with the nearest
    /// command), or that none was given; null when the root has none.</summary>
    private static string? MissingCommand(ParseResult parse, RootCommand root)
    {
        if (!parse.Errors.Any(e => e.SymbolResult is CommandResult)) return null;
        var commands = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var word = parse.UnmatchedTokens.FirstOrDefault(t => !LooksLikeOption(t));
        if (word is null) return $"error: no command given; the commands are {string.Join(", ", commands)}";
        var guess = Contracts.Jobs.Parsing.Suggestions.Closest(word, commands);
        return $"error: unknown command '{word}'" + (guess is not null ? $"; did you mean {guess}?" : $"; the commands are {string.Join(", ", commands)}");
    }

    /// <summary>Tokens before any <c>--</c> that start like an option but neither name one of the command's (or a
    /// recursive one of its parents') nor are an option's value; each with the value token after it, if unmatched.</summary>
    private static List<(string Message, string[] Tokens)> UnknownOptions(ParseResult parse)
    {
        var optionValues = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        CollectOptionValues(parse.RootCommandResult, optionValues);
        var known = KnownOptionNames(parse.CommandResult);
        var unmatched = parse.UnmatchedTokens.ToHashSet(StringComparer.Ordinal);
        var found = new List<(string, string[])>();
        var tokens = parse.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Type == TokenType.DoubleDash) break;
            if (token.Type != TokenType.Argument || optionValues.Contains(token) || !LooksLikeOption(token.Value)) continue;
            var name = token.Value.Split('=', 2)[0];
            if (known.Contains(name)) continue;
            var next = i + 1 < tokens.Count && tokens[i + 1] is { Type: TokenType.Argument } after && !LooksLikeOption(after.Value)
                       && unmatched.Contains(after.Value) ? after.Value : null;
            var message = $"error: unknown option '{name}'" + (Nearest(name, known) is { } guess ? $"; did you mean {guess}?" : "");
            found.Add((message, next is null ? [token.Value] : [token.Value, next]));
        }
        return found;
    }

    /// <summary>"-x" or "--word", not a negative number.</summary>
    private static bool LooksLikeOption(string value) =>
        value.Length > 1 && value[0] == '-' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static void CollectOptionValues(SymbolResult result, HashSet<Token> values)
    {
        switch (result)
        {
            case OptionResult option:
                foreach (var token in option.Tokens) values.Add(token);
                break;
            case CommandResult command:
                foreach (var child in command.Children) CollectOptionValues(child, values);
                break;
        }
    }

    private static HashSet<string> KnownOptionNames(CommandResult command)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var result = command; result is not null; result = result.Parent as CommandResult)
            foreach (var option in result.Command.Options.Where(o => result == command || o.Recursive))
            {
                names.Add(option.Name);
                names.UnionWith(option.Aliases);
            }
        return names;
    }

    /// <summary>The known long option closest to <paramref name="name"/>, when a typo away (the spec's own rule).</summary>
    private static string? Nearest(string name, IEnumerable<string> known) =>
        Contracts.Jobs.Parsing.Suggestions.Closest(name, known.Where(k => k.StartsWith("--", StringComparison.Ordinal)));

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
        // "--port 1 --port 2": the library's error is the count, not either value (it read as a range error of the first).
        if (option is { Arity.MaximumNumberOfValues: 1 } && tokens.Count > 1)
            return $"{name}: given {tokens.Count} times ({string.Join(", ", tokens.Select(t => t.Value))}); give it once";
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
