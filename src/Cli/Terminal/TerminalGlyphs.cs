namespace Tuner.Cli.Terminal;

/// <summary>Bar and ellipsis characters: box-drawing ones on UTF-8 terminals, ASCII elsewhere.</summary>
internal sealed record TerminalGlyphs(char BarDone, char BarTodo, string Ellipsis, string Separator)
{
    public static readonly TerminalGlyphs Unicode = new('━', '─', "…", " · ");
    public static readonly TerminalGlyphs Ascii = new('#', '-', "~", " - ");
}
