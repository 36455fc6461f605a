using Tuner.Cli.Output;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Tests.Output;

/// <summary><c>tuner jobs</c> as a terminal of a given width shows it: every value whole on one line, no line wider.</summary>
public sealed class JobsTableTests
{
    private static readonly JobSummary[] Jobs =
    [
        Job("slow-sine-ffacd8", JobStatuses.Cancelled, "hyperband", 714, 714, 150, 150, 0.030365, "2026-12-07T02:53:29Z"),
        Job("seattle-bayesian-0a1b2c", JobStatuses.Running, "bayesian", 31, 69, 15, 20, 0.022857, "2026-12-06T23:04:11Z"),
    ];

    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    [InlineData(80)]  // "0.0" over "303" over "65", "canc" over "elle" over "d"
    [InlineData(100)] // "cancelle" over "d", "0.02285" over "7"
    [InlineData(120)]
    public void Every_value_is_whole_on_one_line_and_no_line_is_wider_than_the_terminal(int width)
    {
        var lines = Render(Jobs, width).Split('\n');

        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
        var words = lines.SelectMany(line => line.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)).ToList();
        foreach (var value in new[] { "slow-sine-ffacd8", "seattle-bayesian-0a1b2c", "cancelled", "running", "hyperband", "bayesian", "714/714", "31/69", "150/150", "15/20", "0.030365", "0.022857" })
            Assert.Contains(value, words);
        Assert.DoesNotContain(words, word => word.Contains('…')); // headers whole too ("sta…")
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("done", StringComparison.Ordinal)); // "trials" over "done"
    }

    [Fact]
    public void A_wide_terminal_shows_the_table_with_the_submitted_time_to_the_second()
    {
        var output = Render(Jobs, 120);
        Assert.Contains("trials done", output);
        Assert.Contains("2026-12-07 02:53:29", output);
    }

    [Fact]
    public void A_narrow_terminal_lists_each_job_in_lines_with_its_figures_named()
    {
        var output = Render(Jobs, 40);
        var text = System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "); // as read, across the wraps
        Assert.Contains("slow-sine-ffacd8 cancelled hyperband", text);
        Assert.Contains("epochs 714/714, trials done 150/150, best val_loss 0.030365, submitted 2026-12-07 02:53", text);
        Assert.Contains(output.Split('\n'), line => line.Trim() == "submitted 2026-12-07 02:53"); // the date and time on one line
    }

    private static string Render(IReadOnlyList<JobSummary> jobs, int width) =>
        FixedWidthConsole.Render(width, console => JobsTable.Write(jobs, console));

    private static JobSummary Job(string id, string status, string algorithm, long trained, long planned, int finished, int started, double best, string submitted) =>
        new(id, id[..id.LastIndexOf('-')], status, algorithm, "val_loss", started, finished, trained, planned, "t-0007", best,
            ValueList<RunningTrial>.Empty, DateTimeOffset.Parse(submitted, System.Globalization.CultureInfo.InvariantCulture), null);
}
