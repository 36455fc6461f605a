using Tuner.Contracts.Collections;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Tests.Results;

public sealed class TrialOrderTests
{
    private static TrialResult Trial(string id, double? valLoss, int units = 8, string? cell = "lstm", string status = "completed",
        int epochs = 3, double seconds = 1, double? valAccuracy = null)
    {
        var hp = Hyperparameters.Empty.With("units", HyperparameterValue.Int(units));
        if (cell is not null) hp = hp.With("cell", HyperparameterValue.String(cell));
        return new TrialResult(id, hp, status, valLoss, 0.5, epochs, null, null, "w1", seconds, ValueList<EpochMetrics>.Empty, ValAccuracy: valAccuracy);
    }

    private static string[] Ids(string sort, IReadOnlyList<TrialResult> trials, string objective = "val_loss") =>
        [.. TrialOrder.Parse(sort, out var error)!.Sort(trials, objective).Select(i => trials[i].TrialId)];

    [Fact]
    public void Objective_lists_the_lowest_loss_first_ties_in_start_order_and_trials_without_a_value_last()
    {
        TrialResult[] trials = [Trial("t-1", 0.3), Trial("t-2", null), Trial("t-3", 0.1), Trial("t-4", 0.3), Trial("t-5", double.NaN), Trial("t-6", 0.2)];
        Assert.Equal(["t-3", "t-6", "t-1", "t-4", "t-2", "t-5"], Ids("objective", trials));
        // Reversed: worst first, still with the ties in start order and the trials without a value at the end.
        Assert.Equal(["t-1", "t-4", "t-6", "t-3", "t-2", "t-5"], Ids("-objective", trials));
    }

    [Fact]
    public void An_accuracy_objective_lists_the_highest_first()
    {
        TrialResult[] trials = [Trial("t-1", 0.1, valAccuracy: 0.6), Trial("t-2", 0.2, valAccuracy: 0.9), Trial("t-3", 0.3, valAccuracy: null)];
        Assert.Equal(["t-2", "t-1", "t-3"], Ids("objective", trials, "val_accuracy"));
    }

    [Fact]
    public void Hyperparameters_sort_numbers_by_value_strings_by_text_and_trials_lacking_one_last()
    {
        TrialResult[] trials = [Trial("t-1", 0.1, units: 100, cell: "gru"), Trial("t-2", 0.1, units: 8, cell: null), Trial("t-3", 0.1, units: 16, cell: "lstm")];
        Assert.Equal(["t-2", "t-3", "t-1"], Ids("hp.units", trials)); // 8 < 16 < 100, not "100" < "16" < "8"
        Assert.Equal(["t-1", "t-3", "t-2"], Ids("-hp.units", trials));
        Assert.Equal(["t-1", "t-3", "t-2"], Ids("hp.cell", trials));
        Assert.Equal(["t-3", "t-1", "t-2"], Ids("-hp.cell", trials));
        Assert.Equal(["t-1", "t-2", "t-3"], Ids("hp.nonexistent", trials));
    }

    [Fact]
    public void Id_status_epochs_and_seconds_sort_by_start_order_word_and_value()
    {
        TrialResult[] trials =
        [
            Trial("t-9", 0.1, status: "running", epochs: 1, seconds: 30), Trial("t-10", 0.1, status: "completed", epochs: 9, seconds: 2),
            Trial("t-11", 0.1, status: "failed", epochs: 1, seconds: 0.5),
        ];
        Assert.Equal(["t-9", "t-10", "t-11"], Ids("id", trials)); // start order, not the ids' text ("t-10" < "t-9")
        Assert.Equal(["t-11", "t-10", "t-9"], Ids("-id", trials));
        Assert.Equal(["t-10", "t-11", "t-9"], Ids("status", trials));
        Assert.Equal(["t-9", "t-11", "t-10"], Ids("epochs", trials));
        Assert.Equal(["t-10", "t-9", "t-11"], Ids("-epochs", trials));
        Assert.Equal(["t-11", "t-10", "t-9"], Ids("seconds", trials));
    }

    [Theory]
    [InlineData("objective", "objective", false)]
    [InlineData("-seconds", "seconds", true)]
    [InlineData("hp.learning_rate", "hp.learning_rate", false)]
    [InlineData("-hp.cell", "hp.cell", true)]
    public void Parse_reads_the_key_and_the_direction(string text, string key, bool descending)
    {
        var order = TrialOrder.Parse(text, out var error);
        Assert.Null(error);
        Assert.Equal(new TrialOrder(key, descending), order);
        Assert.Equal(text, order!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("--objective")]
    [InlineData("hp.")]
    [InlineData("name")]
    [InlineData("Objective")]
    public void Parse_refuses_other_keys_saying_which_it_takes(string text)
    {
        Assert.Null(TrialOrder.Parse(text, out var error));
        Assert.Equal("sort must be objective, id, status, epochs, seconds or hp.<name>, with a leading - to reverse", error);
    }
}
