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
        if (width >= 60) Assert.Matches(@" 58% 110\.6(/| of )190\.7 MiB", line);
        if (width >= 80) Assert.EndsWith(" · 39.5 MiB/s", line);
    }

    [Fact]
    public void A_wide_terminal_gets_the_full_wording_and_the_full_bar()
    {
        Assert.Equal($"uploading seattle-weather.csv {new string('━', 14)}{new string('─', 10)}  58% 110.6 of 190.7 MiB · 39.5 MiB/s", Line(160));
    }

    [Theory]
    [InlineData(700, 350, "50% 350 of 700 bytes · 175 bytes/s")]
    [InlineData(48_000, 24_000, "50% 23.4 of 46.9 KiB · 11.7 KiB/s")]
    [InlineData(3L << 30, 1L << 30, "33% 1.0 of 3.0 GiB · 512.0 MiB/s")]
    public void Sizes_are_in_the_unit_that_suits_the_file_and_the_rate_in_its_own(long total, long sent, string expected)
    {
        // In megabytes alone a small CSV read "0.0 of 0.0 MB · 0.0 MB/s".
        using var progress = new UploadProgress("series.csv", total, Piped);
        Assert.EndsWith(" " + expected, progress.Line(sent, TimeSpan.FromSeconds(2), 160).ToString());
    }
}
