using Tuner.Cli.Terminal;

namespace Tuner.Cli.Progress;

/// <summary>A one-line status with a bar (an upload, a simulation) fitted to the terminal's width. The bar takes what
/// the text leaves, from <see cref="StyledLine.StatusBarWidth"/> down to <see cref="MinBar"/>, as the run view's bar
/// does (ProgressFrame); where the text is too wide even then, a shorter wording is taken, so figures go whole rather
/// than being cut at the edge (a 24-column bar at 60 columns left "54,120 of 9…").</summary>
internal static class StatusLine
{
    public const int MinBar = 5;

    /// <param name="columns">The columns the line may take (<see cref="LiveRegion.DrawableSize"/>).</param>
    /// <param name="wordings">The text before and after the bar, longest first; the last is drawn when none fits.</param>
    public static StyledLine Fit(double share, TerminalGlyphs glyphs, int columns, params IReadOnlyList<(string Head, string Tail)> wordings)
    {
        var (head, tail) = wordings.FirstOrDefault(w => w.Head.Length + MinBar + w.Tail.Length <= columns, wordings[^1]);
        var bar = Math.Clamp(columns - head.Length - tail.Length, MinBar, StyledLine.StatusBarWidth);
        return new StyledLine().Add(head).AddBar(share, bar, glyphs).Add(tail);
    }
}
