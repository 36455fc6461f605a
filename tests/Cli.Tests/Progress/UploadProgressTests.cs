using Tuner.Cli.Progress;
using Tuner.Cli.Terminal;

namespace Tuner.Cli.Tests.Progress;

/// <summary>An upload's progress line at a terminal's width (its columns less the 3 the live region keeps free): the
/// bar shrinks before any figure is cut.</summary>
public sealed class UploadProgressTests
{
    private static readonly TerminalProfile Piped = new(IsTerminal: false, MovesCursor: false, Colors: false, Unicode: true);

    private static string Line(int width)
    {
        using var progress = new UploadProgress("seattle-weather.csv", 200_000_000, Piped);
        return progress.Line(116_000_000, TimeSpan.FromSeconds(2.8), width - 3).ToString();
    }

    [Theory]
    [InlineData(40)]
    [InlineData(60)] // the 24-column bar left "uploading seattle-weather.csv ━━━━━━━━━━━━━━────────── 58% 116.0…"
    [InlineData(80)]
    public void The_line_fits_and_its_figures_are_whole(int width)
    {
        var line = Line(width);

        StatusLineAssert.FitsWhole(line, width);
        Assert.Matches(@"seattle-weather\.csv [━─]+  58%", line);
        if (width >= 60) Assert.Matches(@" 58% 116\.0(/| of )200\.0 MB", line);
        if (width >= 80) Assert.EndsWith(" · 41.4 MB/s", line);
    }

    [Fact]
    public void A_wide_terminal_gets_the_full_wording_and_the_full_bar()
    {
        Assert.Equal($"uploading seattle-weather.csv {new string('━', 14)}{new string('─', 10)}  58% 116.0 of 200.0 MB · 41.4 MB/s", Line(160));
    }
}
