using System.Text;

namespace Tuner.Cli.Terminal;

/// <summary>The bottom lines of a terminal, redrawn in place (as cargo and docker draw their progress), with log
/// lines written above them. Each draw erases what the previous one drew and writes the new lines in one write,
/// every line cut to the terminal's width as it is now, so a resized window cannot make lines wrap. On a terminal
/// that cannot move the cursor (<c>TERM=dumb</c>) only the first line is drawn, redrawn after a carriage return (and
/// every line kept at the close).
/// Thread-safe: the view draws while log events arrive from any thread.</summary>
internal sealed class LiveRegion
{
    private static LiveRegion? s_active;

    private readonly TextWriter _output;
    private readonly TerminalProfile _profile;
    private readonly Func<(int Columns, int Rows)> _size;
    private readonly Lock _gate = new();
    private readonly StringBuilder _frame = new();
    private IReadOnlyList<StyledLine> _lines = [];
    // What the last draw left on screen: the length of each line drawn (the cursor is at the end of the last).
    private readonly List<int> _drawn = [];
    private bool _closed;

    public LiveRegion(TextWriter output, TerminalProfile profile, Func<(int Columns, int Rows)> size)
    {
        _output = output;
        _profile = profile;
        _size = size;
    }

    /// <summary>Opens a region on this process's stderr; log lines go above it until it is closed.</summary>
    public static LiveRegion OpenOnStandardError(TerminalProfile profile)
    {
        var region = new LiveRegion(Console.Error, profile, TerminalSize.Current);
        s_active = region;
        return region;
    }

    /// <summary>Writes a finished line (a log event) above the active region, or straight to stderr when none is open.</summary>
    public static void WriteLineAbove(StyledLine line)
    {
        var region = s_active;
        if (region is not null && region.TryWriteAbove(line)) return;
        var text = new StringBuilder();
        line.WriteTo(text, colors: false);
        Console.Error.WriteLine(text.ToString());
    }

    /// <summary>The columns a line may take now (see <see cref="Draw"/>) and the terminal's rows.</summary>
    public (int Columns, int Rows) DrawableSize => (LineWidth(_size().Columns), _size().Rows);

    // Short of the edge: a line that fills the last column leaves some terminals' cursor pending a wrap, and the
    // "^C" a terminal echoes after the last line must not wrap either (the next erase would miss a row).
    private static int LineWidth(int columns) => Math.Max(1, columns - 3);

    /// <summary>Replaces the region's lines and redraws them.</summary>
    public void Show(IReadOnlyList<StyledLine> lines)
    {
        lock (_gate)
        {
            if (_closed) return;
            _lines = lines;
            _frame.Clear();
            Erase(_frame);
            Draw(_frame);
            Flush();
        }
    }

    /// <summary>Ends the region: the last lines stay on screen (<paramref name="keep"/>) followed by a new line, or
    /// are erased. Later log lines go straight to stderr.</summary>
    public void Close(IReadOnlyList<StyledLine>? keep)
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            if (ReferenceEquals(s_active, this)) s_active = null;
            _frame.Clear();
            Erase(_frame);
            if (keep is { Count: > 0 })
            {
                _lines = keep;
                // Nothing is erased after the last draw: a terminal that cannot move the cursor gets every kept line too.
                Draw(_frame, all: true);
                _frame.Append('\n');
            }
            Flush();
        }
    }

    /// <summary>Writes <paramref name="line"/> above the region and draws the region again below it; false once closed.</summary>
    public bool TryWriteAbove(StyledLine line)
    {
        lock (_gate)
        {
            if (_closed) return false;
            _frame.Clear();
            Erase(_frame);
            line.WriteTo(_frame, _profile.Colors);
            _frame.Append('\n');
            Draw(_frame);
            Flush();
            return true;
        }
    }

    private void Erase(StringBuilder frame)
    {
        if (_drawn.Count == 0) return;
        if (!_profile.MovesCursor)
        {
            frame.Append('\r').Append(' ', _drawn[0]).Append('\r');
        }
        else
        {
            // Rows the previous lines take now: more than one each if the window was narrowed and the terminal re-wrapped them.
            var columns = Math.Max(1, _size().Columns);
            var rows = 0;
            foreach (var length in _drawn) rows += Math.Max(1, (length + columns - 1) / columns);
            // Row by row (erase line, cursor down), never "erase to the end of the screen": from the top-left corner that
            // is a whole-screen clear, which tmux (scroll-on-clear) answers by pushing the screen into its history, a
            // frame at each redraw. The cursor ends on the first row.
            frame.Append('\r');
            if (rows > 1) frame.Append("\e[").Append(rows - 1).Append('A');
            for (var row = 0; row < rows; row++) frame.Append(row == 0 ? "\e[2K" : "\e[B\e[2K");
            if (rows > 1) frame.Append("\e[").Append(rows - 1).Append('A');
        }
        _drawn.Clear();
    }

    private void Draw(StringBuilder frame, bool all = false)
    {
        var (columns, rows) = _size();
        var width = LineWidth(columns);
        var count = _profile.MovesCursor ? Math.Min(_lines.Count, Math.Max(1, rows - 1)) : all ? _lines.Count : Math.Min(_lines.Count, 1);
        for (var i = 0; i < count; i++)
        {
            var line = _lines[i].Fit(width, _profile.Glyphs.Ellipsis);
            if (i > 0) frame.Append('\n');
            line.WriteTo(frame, _profile.Colors);
            _drawn.Add(line.Length);
        }
    }

    private void Flush()
    {
        if (_frame.Length == 0) return;
        try
        {
            _output.Write(_frame.ToString());
            _output.Flush();
        }
        catch (IOException)
        {
            // The terminal went away (a closed window, a hung-up SSH session): the job goes on without a view.
            _closed = true;
        }
    }
}
