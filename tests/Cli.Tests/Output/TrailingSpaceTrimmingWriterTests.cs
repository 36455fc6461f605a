using Tuner.Cli.Output;

namespace Tuner.Cli.Tests.Output;

public sealed class TrailingSpaceTrimmingWriterTests
{
    [Theory]
    [InlineData("a  b   \nc \n", "a  b\nc\n")]          // spaces inside a line stay, those ending it go
    [InlineData("   \n  x\n", "\n  x\n")]               // a line of spaces (a simple border's top edge) becomes empty
    [InlineData("a \r\nb\r\n", "a\r\nb\r\n")]           // before CRLF too
    [InlineData("no newline at the end  ", "no newline at the end")]
    public void Only_spaces_that_end_a_line_are_left_out(string written, string expected)
    {
        using var inner = new StringWriter();
        using (var writer = new TrailingSpaceTrimmingWriter(inner))
        {
            // In pieces as Spectre writes them (a cell, then its padding): a space is held back only until text follows.
            foreach (var piece in written.Chunk(3)) writer.Write(new string(piece));
            writer.Flush();
        }
        Assert.Equal(expected, inner.ToString());
    }
}
