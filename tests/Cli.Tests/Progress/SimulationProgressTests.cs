using Tuner.Cli.Progress;
using Tuner.Cli.Terminal;

namespace Tuner.Cli.Tests.Progress;

/// <summary><c>tuner simulate</c>'s progress line at a terminal's width (its columns less the 3 the live region keeps
/// free): the bar shrinks before any figure is cut.</summary>
public sealed class SimulationProgressTests
{
    private static readonly TerminalProfile Piped = new(IsTerminal: false, MovesCursor: false, Colors: false, Unicode: true);

    private static string Line(int width) =>
        new SimulationProgress("bayesian", 8, 12_000, Piped).Line(3, 54_120, TimeSpan.FromSeconds(4.1), width - 3).ToString();

    [Theory]
    [InlineData(40)]
    [InlineData(60)] // the 24-column bar left "simulating bayesian ━━━━━━━━━━━━━━────────── 54,120 of 9…"
    [InlineData(80)]
    public void The_line_fits_and_its_figures_are_whole(int width)
    {
        var line = Line(width);

        StatusLineAssert.FitsWhole(line, width);
        Assert.Matches(@"bayesian [━─]+ 54,120(/| of )96,000 epochs", line);
        if (width >= 60) Assert.Matches(@" · 3(/| of )8 runs · 4\.1 s$", line);
    }

    [Fact]
    public void A_wide_terminal_gets_the_full_wording_and_the_full_bar()
    {
        // 54,120 of 96,000 epochs: 56 % of the bar.
        Assert.Equal($"simulating bayesian {new string('━', 14)}{new string('─', 10)} 54,120 of 96,000 epochs · 3 of 8 runs · 4.1 s", Line(160));
        Assert.Equal("simulating bayesian ", Line(80)[..20]);
    }
}
