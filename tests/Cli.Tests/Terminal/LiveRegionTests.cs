using Tuner.Cli.Terminal;

namespace Tuner.Cli.Tests.Terminal;

public sealed class LiveRegionTests
{
    private static readonly TerminalProfile Color = new(true, true, true, true);
    private static readonly TerminalProfile Plain = new(true, true, false, true);
    private static readonly TerminalProfile Dumb = new(true, false, false, false);

    private sealed class Screen
    {
        public StringWriter Output { get; } = new();
        public (int Columns, int Rows) Size { get; set; } = (40, 10);
        public string Take()
        {
            var text = Output.ToString();
            Output.GetStringBuilder().Clear();
            return text;
        }
    }

    private static (LiveRegion Region, Screen Screen) Open(TerminalProfile profile)
    {
        var screen = new Screen();
        return (new LiveRegion(screen.Output, profile, () => screen.Size), screen);
    }

    private static StyledLine L(string text, TextStyle style = TextStyle.Plain) => new StyledLine().Add(text, style);

    /// <summary>What erasing <paramref name="rows"/> drawn rows writes: up to the first, each row cleared on the way down,
    /// back up to the first.</summary>
    private static string Erase(int rows)
    {
        var up = rows > 1 ? $"\e[{rows - 1}A" : "";
        return "\r" + up + "\e[2K" + string.Concat(Enumerable.Repeat("\e[B\e[2K", rows - 1)) + up;
    }

    [Fact]
    public void Each_draw_erases_the_previous_lines_and_writes_the_new_ones()
    {
        var (region, screen) = Open(Plain);
        region.Show([L("one"), L("two"), L("three")]);
        Assert.Equal("one\ntwo\nthree", screen.Take());
        region.Show([L("four")]);
        // Back to the first of three lines, each cleared, draw.
        Assert.Equal("\r\e[2A\e[2K\e[B\e[2K\e[B\e[2K\e[2Afour", screen.Take());
        region.Show([L("five")]);
        Assert.Equal(Erase(1) + "five", screen.Take());
        // Never "erase to the end of the screen": from the top-left corner tmux keeps the whole screen in its history.
        region.Show([L("six")]);
        Assert.DoesNotContain("\e[J", screen.Take());
    }

    [Fact]
    public void Lines_are_cut_short_of_the_last_column_so_they_never_wrap()
    {
        var (region, screen) = Open(Plain);
        screen.Size = (10, 10);
        region.Show([L("0123456789abcdef")]);
        Assert.Equal("012345…", screen.Take());
        Assert.Equal((7, 10), region.DrawableSize);
    }

    [Fact]
    public void After_a_narrowing_the_erase_counts_the_rows_the_terminal_rewrapped_the_old_lines_into()
    {
        var (region, screen) = Open(Plain);
        screen.Size = (40, 10);
        region.Show([L(new string('a', 30)), L(new string('b', 30))]);
        screen.Take();
        screen.Size = (10, 10); // each 30-column line now takes 3 rows
        region.Show([L("c")]);
        Assert.Equal(Erase(6) + "c", screen.Take());
    }

    [Fact]
    public void The_region_keeps_to_the_rows_of_the_window()
    {
        var (region, screen) = Open(Plain);
        screen.Size = (40, 3);
        region.Show([L("1"), L("2"), L("3"), L("4")]);
        Assert.Equal("1\n2", screen.Take());
    }

    [Fact]
    public void Log_lines_go_above_the_region_which_is_drawn_again_below_them()
    {
        var (region, screen) = Open(Color);
        region.Show([L("bar"), L("job")]);
        screen.Take();
        Assert.True(region.TryWriteAbove(L("[12:00:00 WRN] slow", TextStyle.Warning)));
        Assert.Equal(Erase(2) + "\e[33m[12:00:00 WRN] slow\e[0m\nbar\njob", screen.Take());
        region.Close(null);
        Assert.False(region.TryWriteAbove(L("later")));
    }

    [Fact]
    public void Close_leaves_the_kept_lines_and_a_new_line_and_draws_no_more()
    {
        var (region, screen) = Open(Color);
        region.Show([L("bar", TextStyle.Bold), L("trial")]);
        screen.Take();
        region.Close([L("done")]);
        Assert.Equal(Erase(2) + "done\n", screen.Take());
        region.Show([L("late")]);
        region.Close(null);
        Assert.Equal("", screen.Take());
    }

    [Fact]
    public void A_dumb_terminal_gets_one_line_redrawn_after_a_carriage_return()
    {
        var (region, screen) = Open(Dumb);
        region.Show([L("45% 31/69 epochs"), L("job line")]);
        Assert.Equal("45% 31/69 epochs", screen.Take());
        region.Show([L("46% 32/69"), L("job line")]);
        // Blanked over the old line's length (no erase sequence), then the new one.
        Assert.Equal("\r" + new string(' ', 16) + "\r46% 32/69", screen.Take());
        Assert.DoesNotContain('\e', screen.Take());
        // The lines kept at the close are all written (the job line was lost): nothing is redrawn after them.
        region.Close([L("100% 69/69"), L("job completed")]);
        Assert.Equal("\r" + new string(' ', 9) + "\r100% 69/69\njob completed\n", screen.Take());
    }

    [Fact]
    public void A_terminal_that_went_away_closes_the_region_instead_of_failing_the_job()
    {
        var region = new LiveRegion(new BrokenWriter(), Plain, () => (40, 10));
        region.Show([L("one")]);
        region.Show([L("two")]); // no throw, nothing more tried
    }

    private sealed class BrokenWriter : StringWriter
    {
        public override void Write(string? value) => throw new IOException("EIO");
    }
}
