using Spectre.Console;
using Tuner.Cli.Terminal;

namespace Tuner.Cli.Output;

/// <summary>A Spectre console on stdout for the tables and summaries people read.</summary>
internal static class StdoutConsole
{
    public static IAnsiConsole Create()
    {
        // Redirected output has no terminal width (don't squeeze tables into 80 columns) and keeps no padding at line ends.
        if (Console.IsOutputRedirected)
        {
            var redirected = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new TrailingSpaceTrimmingWriter(Console.Out)) });
            redirected.Profile.Width = 160;
            return redirected;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        // On a terminal, what the live view decides too: ASCII borders in a non-UTF-8 locale (Spectre goes by the
        // console's encoding, which .NET reports as UTF-8 under LANG=C), no colour under NO_COLOR or TERM=dumb.
        var profile = TerminalProfile.ForStandardOutput();
        console.Profile.Capabilities.Unicode = profile.Unicode;
        if (!profile.Colors) console.Profile.Capabilities.ColorSystem = ColorSystem.NoColors;
        if (!profile.MovesCursor) console.Profile.Capabilities.Ansi = false;
        return console;
    }
}
