using System.Text;

namespace Tuner.Cli.Output;

/// <summary>Writes through to <paramref name="inner"/> without the spaces that end a line: Spectre pads every table cell
/// to its column's width (and draws a simple border's top edge as spaces), which in a file or a pipe is only noise for
/// diff, grep and the like. Spaces are held back until something other than a line break follows them, so nothing but
/// trailing spaces is ever left out, whenever the writer is flushed.</summary>
internal sealed class TrailingSpaceTrimmingWriter(TextWriter inner) : TextWriter
{
    private int _pendingSpaces;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == ' ')
        {
            _pendingSpaces++;
            return;
        }
        if (value is not ('\n' or '\r') && _pendingSpaces > 0) inner.Write(new string(' ', _pendingSpaces));
        _pendingSpaces = 0;
        inner.Write(value);
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (var c in value) Write(c);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        for (var i = index; i < index + count; i++) Write(buffer[i]);
    }

    public override void Flush() => inner.Flush();
}
