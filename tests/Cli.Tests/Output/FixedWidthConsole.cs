using Spectre.Console;

namespace Tuner.Cli.Tests.Output;

/// <summary>What a command writes through Spectre.Console to a terminal <c>width</c> columns wide, as plain text (no
/// colours, no escapes, line feeds only).</summary>
internal static class FixedWidthConsole
{
    public static string Render(int width, Action<IAnsiConsole> write)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = width;
        write(console);
        return writer.ToString().Replace("\r", "");
    }
}
