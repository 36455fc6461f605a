using System.Text;

namespace Tuner.Cli.Terminal;

/// <summary>How a piece of a line is drawn when the terminal has colours.</summary>
internal enum TextStyle
{
    Plain,
    Dim,
    Bold,
    BarDone,
    Warning,
    Error,
}

/// <summary>One piece of a <see cref="StyledLine"/>.</summary>
internal readonly record struct TextRun(string Text, TextStyle Style);

/// <summary>One line of a live view: runs of text with styles, measured without escape codes so it can be cut to
/// the terminal's width (a line that wraps would break the redraw) and drawn with or without colour.</summary>
internal sealed class StyledLine
{
    private readonly List<TextRun> _runs = [];

    /// <summary>Columns the text takes (one per character: the view writes no wide characters of its own).</summary>
    public int Length { get; private set; }

    public IReadOnlyList<TextRun> Runs => _runs;

    public StyledLine Add(string text, TextStyle style = TextStyle.Plain)
    {
        if (text.Length == 0) return this;
        _runs.Add(new TextRun(text, style));
        Length += text.Length;
        return this;
    }

    /// <summary>The width of the bar in a one-line status (an upload, a simulation), so they look alike.</summary>
    public const int StatusBarWidth = 24;

    /// <summary>A progress bar <paramref name="width"/> columns wide, <paramref name="share"/> (0–1) of it done:
    /// <c>━━━━━━━━────</c> in the terminal's glyphs.</summary>
    public StyledLine AddBar(double share, int width, TerminalGlyphs glyphs)
    {
        var done = (int)Math.Round(Math.Clamp(share, 0, 1) * width);
        return Add(new string(glyphs.BarDone, done), TextStyle.BarDone).Add(new string(glyphs.BarTodo, width - done), TextStyle.Dim);
    }

    /// <summary>The plain text, as a pipe or a test sees it.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Length);
        foreach (var run in _runs) text.Append(run.Text);
        return text.ToString();
    }

    /// <summary>This line cut to at most <paramref name="columns"/>, ending in <paramref name="ellipsis"/> when cut.</summary>
    public StyledLine Fit(int columns, string ellipsis)
    {
        if (Length <= columns) return this;
        var fitted = new StyledLine();
        var room = Math.Max(0, columns - ellipsis.Length);
        foreach (var run in _runs)
        {
            if (room == 0) break;
            var piece = run.Text.Length <= room ? run.Text : run.Text[..room];
            fitted.Add(piece, run.Style);
            room -= piece.Length;
        }
        return fitted.Add(ellipsis[..Math.Min(ellipsis.Length, columns)], TextStyle.Dim);
    }

    /// <summary>Appends the line to <paramref name="output"/>, with SGR colour codes when <paramref name="colors"/>.</summary>
    public void WriteTo(StringBuilder output, bool colors)
    {
        foreach (var run in _runs)
        {
            var code = colors ? Sgr(run.Style) : null;
            if (code is null)
            {
                output.Append(run.Text);
                continue;
            }
            output.Append("\e[").Append(code).Append('m').Append(run.Text).Append("\e[0m");
        }
    }

    private static string? Sgr(TextStyle style) => style switch
    {
        TextStyle.Dim => "2",
        TextStyle.Bold => "1",
        TextStyle.BarDone => "32",
        TextStyle.Warning => "33",
        TextStyle.Error => "31",
        _ => null,
    };
}
