namespace Tuner.Cli.Terminal;

/// <summary>What the terminal behind standard error can show, decided once per live view from the environment:
/// whether it is a terminal at all, whether it moves the cursor (not <c>TERM=dumb</c>), colours (not
/// <c>NO_COLOR</c>), and whether the locale's character set is UTF-8 (else ASCII glyphs).</summary>
internal sealed record TerminalProfile(bool IsTerminal, bool MovesCursor, bool Colors, bool Unicode)
{
    /// <summary>The profile of this process's stderr.</summary>
    public static TerminalProfile ForStandardError() =>
        From(!Console.IsErrorRedirected, Environment.GetEnvironmentVariable, Console.OutputEncoding.CodePage);

    /// <summary>The profile of this process's stdout (the tables people read).</summary>
    public static TerminalProfile ForStandardOutput() =>
        From(!Console.IsOutputRedirected, Environment.GetEnvironmentVariable, Console.OutputEncoding.CodePage);

    /// <summary>The profile from the given facts: <paramref name="variable"/> reads the environment,
    /// <paramref name="outputCodePage"/> is the console's output encoding.</summary>
    public static TerminalProfile From(bool isTerminal, Func<string, string?> variable, int outputCodePage)
    {
        var term = variable("TERM");
        var movesCursor = isTerminal && !string.IsNullOrEmpty(term) && term != "dumb";
        // https://no-color.org: present and not empty disables colour.
        var colors = movesCursor && string.IsNullOrEmpty(variable("NO_COLOR"));
        return new TerminalProfile(isTerminal, movesCursor, colors, outputCodePage == 65001 && LocaleIsUtf8(variable));
    }

    /// <summary>The locale POSIX takes the character set from (LC_ALL, else LC_CTYPE, else LANG) names UTF-8, or none
    /// is set (then the console's encoding decides). "C"/"POSIX" or a Latin-1 locale is not UTF-8.</summary>
    private static bool LocaleIsUtf8(Func<string, string?> variable)
    {
        foreach (var name in new[] { "LC_ALL", "LC_CTYPE", "LANG" })
        {
            var value = variable(name);
            if (string.IsNullOrEmpty(value)) continue;
            return value.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || value.Contains("utf8", StringComparison.OrdinalIgnoreCase);
        }
        return true;
    }

    /// <summary>The characters drawn for bars and cut text.</summary>
    public TerminalGlyphs Glyphs => Unicode ? TerminalGlyphs.Unicode : TerminalGlyphs.Ascii;
}
