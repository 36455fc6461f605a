using Spectre.Console;

namespace Tuner.Cli.Output;

/// <summary>A Spectre console on stdout for the tables and summaries people read.</summary>
internal static class StdoutConsole
{
    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        // Redirected output has no terminal width; don't squeeze tables into 80 columns.
        if (Console.IsOutputRedirected) console.Profile.Width = 160;
        return console;
    }
}
