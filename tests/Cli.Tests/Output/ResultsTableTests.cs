using Tuner.Cli.Output;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;

namespace Tuner.Cli.Tests.Output;

/// <summary>The end-of-run table as a terminal of a given width shows it: no value cut in two, whatever the width.</summary>
public sealed class ResultsTableTests
{
    private static readonly double[] LearningRates = [0.00475, 0.00728, 0.000123, 0.0145];

    [Theory]
    [InlineData(80)]  // the usual terminal: learning_rate=0.00475 used to print as "learning_rate=0.004" and "75"
    [InlineData(72)]
    [InlineData(100)]
    [InlineData(160)]
    public void Every_hyperparameter_value_is_shown_whole_on_one_line(int width)
    {
        var output = Render(Results("hyperband", bracketed: true), width);

        var lines = output.Split('\n');
        // The table fits; the best-trial line above it is one line whatever its length (the terminal wraps it).
        Assert.All(lines[1..], line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
        // Each name=value whole on a line, by its full name or its short one (never "learning_ra" and "te=0.00475").
        foreach (var rate in LearningRates)
        {
            var value = HyperparameterText.Value(HyperparameterValue.Float(rate));
            Assert.Contains(lines, line => line.Split(' ').Any(word => word == $"learning_rate={value}" || word == $"lr={value}"));
        }
        Assert.Equal(LearningRates.Length, lines.Count(line => line.Split(' ').Any(word => word is "dropout=0.1")));
    }

    [Fact]
    public void The_best_configuration_is_one_line_of_json_and_a_very_narrow_terminal_gets_whole_values()
    {
        // At 80 columns a line break was written inside the JSON ("0.00659458129808755" then "9}"); at 40 every cell
        // was cut ("0.02" over "7126", "comp" over "leted").
        foreach (var width in new[] { 40, 80 })
        {
            var output = Render(Results("hyperband", bracketed: true), width);
            var best = output.Split('\n')[0];
            Assert.StartsWith("best trial t-0001: val_loss 0.027126 at epoch 2 of 9, {", best);
            Assert.EndsWith("}", best);
            Assert.NotNull(System.Text.Json.Nodes.JsonNode.Parse(best[best.IndexOf('{')..]));
            var words = output.Split('\n').SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            foreach (var cell in new[] { "0.027126", "completed", "t-0004" }) Assert.Contains(cell, words);
            Assert.Contains(words, w => w is "lr=0.0145" or "learning_rate=0.0145");
        }
    }

    [Theory]
    [InlineData(40)]
    [InlineData(50)]
    public void A_terminal_too_narrow_for_the_table_lists_the_trials_in_lines_that_fit(int width)
    {
        // The table was drawn wider than the terminal, which wrapped each row into a staircase of half-empty lines.
        var lines = Render(Results("hyperband", bracketed: true), width).Split('\n');
        Assert.All(lines[1..], line => Assert.True(line.TrimEnd().Length <= width, $"wider than {width}: {line}"));
        Assert.DoesNotContain(lines, line => line.Contains('│') || line.Contains('─'));
        var text = System.Text.RegularExpressions.Regex.Replace(string.Join(" ", lines[1..]), @"\s+", " "); // as read, across the wraps
        Assert.Contains("t-0002 stopped val_loss 0.028126, 9 epochs, bracket/round 2/1", text);
        foreach (var rate in LearningRates)
            Assert.Contains(lines, line => line.Split(' ').Contains($"lr={HyperparameterText.Value(HyperparameterValue.Float(rate))}"));
    }

    [Fact]
    public void A_wide_terminal_shows_the_full_names_and_a_narrow_one_the_short_ones()
    {
        Assert.Contains("learning_rate=0.00475", Render(Results("hyperband", bracketed: true), 160));
        var narrow = Render(Results("hyperband", bracketed: true), 80);
        Assert.Contains("lr=0.00475", narrow);
        Assert.DoesNotContain("learning_rate=0.0", narrow.Split("\n", 2)[1]); // past the best-trial line, which has the JSON
    }

    [Fact]
    public void The_bracket_and_round_column_is_there_only_for_algorithms_that_have_them()
    {
        Assert.Contains("bracket/round", Render(Results("hyperband", bracketed: true), 120));
        Assert.DoesNotContain("bracket/round", Render(Results("random", bracketed: false), 120));
    }

    [Fact]
    public void A_job_without_trials_gets_no_empty_table()
    {
        // A job cancelled before its first trial printed a table header with no rows and "0 trials, 0 epochs trained".
        var cancelled = new ResultsDocument("job", "job-1", "cancelled", "forecast", "random", "val_loss", 0, 32, null, ValueList<TrialResult>.Empty);
        Assert.Equal("no trial produced a val_loss (job cancelled)\nno trials, job cancelled", Render(cancelled, 80).TrimEnd());
    }

    [Fact]
    public void Trials_whose_training_failed_or_diverged_are_listed_with_why_below_the_table()
    {
        // Ranked last, they were rarely in the table, and where they were "-" and "0" did not say what happened.
        var results = Results("random", bracketed: false);
        string[] errors = ["training loss became NaN in epoch 1", "out of memory: lower batch_size", "worker lost 5 times", "engine failure"];
        var failing = errors.Select((error, i) => results.Trials[0] with { TrialId = $"t-{10 + i:0000}", Status = i == 0 ? "diverged" : "failed", ValLoss = null, Epochs = 0, Error = error });
        var output = Render(results with { Trials = results.Trials.Concat(failing).ToValueList() }, 120);

        var lines = output.TrimEnd().Split('\n');
        Assert.Equal("t-0010 diverged: training loss became NaN in epoch 1", lines[^5].TrimEnd());
        Assert.Equal("t-0011 failed: out of memory: lower batch_size", lines[^4].TrimEnd());
        Assert.Equal("t-0012 failed: worker lost 5 times", lines[^3].TrimEnd());
        Assert.Equal("... and 1 more failed or diverged (each trial's error is in results.json)", lines[^2].TrimEnd());
        Assert.Equal("8 trials, 42 epochs trained, job completed", lines[^1].TrimEnd());
        Assert.DoesNotContain("engine failure", output);
        // Without such trials, nothing is added.
        Assert.DoesNotContain(": ", Render(Results("random", bracketed: false), 120).TrimEnd().Split('\n')[^2]);
    }

    private static string Render(ResultsDocument results, int width) =>
        FixedWidthConsole.Render(width, console => ResultsTable.Write(results, console));

    private static ResultsDocument Results(string algorithm, bool bracketed)
    {
        var trials = LearningRates.Select((rate, i) => new TrialResult(
            $"t-{i + 1:0000}",
            Hyperparameters.Empty.With("units", HyperparameterValue.Int(64)).With("dropout", HyperparameterValue.Float(0.1)).With("learning_rate", HyperparameterValue.Float(rate)),
            i == 0 ? "completed" : "stopped", 0.027126 + i * 0.001, 0.03, bracketed ? 9 : 3, bracketed ? 2 : null, bracketed ? i % 3 : null, null, 1.0,
            ValueList<EpochMetrics>.Empty)).ToValueList();
        var best = new BestTrial(trials[0].TrialId, trials[0].Hyperparameters, trials[0].ValLoss, trials[0].Loss, trials[0].Epochs, null, BestEpoch: 2);
        return new ResultsDocument("job", "job-1", "completed", "forecast", algorithm, "val_loss", 42, 42, best, trials);
    }
}
