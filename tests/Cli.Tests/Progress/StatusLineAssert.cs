using Tuner.Cli.Progress;
using Tuner.Cli.Terminal;

namespace Tuner.Cli.Tests.Progress;

/// <summary>What every status line (<see cref="StatusLine"/>) must be at a terminal's width: within its columns less the 3
/// the live region keeps free, no figure cut at the edge, a bar between its least and its full width.</summary>
internal static class StatusLineAssert
{
    public static void FitsWhole(string line, int width)
    {
        Assert.True(line.Length <= width - 3, $"wider than {width - 3}: {line}");
        Assert.DoesNotContain("…", line);
        Assert.InRange(line.Count(c => c is '━' or '─'), StatusLine.MinBar, StyledLine.StatusBarWidth);
    }
}
