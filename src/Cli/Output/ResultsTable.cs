using System.Globalization;
using Spectre.Console;
using Tuner.Contracts.Results;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Cli.Output;

/// <summary>The end-of-run summary on stdout: the best trial, then the best trials as a table.</summary>
internal static class ResultsTable
{
    private static readonly string Diverged = TrialStatus.Diverged.Word(), Failed = TrialStatus.Failed.Word();

    public static void Write(ResultsDocument results, int rows = 10) => Write(results, StdoutConsole.Create(), rows);

    public static void Write(ResultsDocument results, IAnsiConsole console, int rows = 10)
    {
        var objective = results.Objective;
        if (results.Best is { } best)
        {
            // The value is its best epoch's (the best model's state): "at epoch 4 of 9", not "after 9 epochs", which read
            // as the last epoch's. An objective averaged over executions has no one epoch.
            var when = best.BestEpoch is { } epoch
                ? string.Create(CultureInfo.InvariantCulture, $"at epoch {epoch} of {best.Epochs}")
                : $"after {Quantity.Of(best.Epochs, "epoch")}";
            // One line whatever the width, left to the terminal to wrap: a line break written into its JSON (at 80 columns,
            // inside a number) made the copied configuration invalid.
            console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"best trial {best.TrialId}: {objective} {(ObjectiveValues.Of(best, objective) is { } bestValue ? Significant.Of(bestValue, 6) : "-")} {when}, {best.Hyperparameters.ToJson()}"));
        }
        else
        {
            console.MarkupLine(Markup.Escape($"no trial produced a {objective} (job {results.Status})"));
        }

        // A job that ended before its first trial (cancelled at once) has nothing to tabulate: no empty table header.
        if (results.Trials.Count == 0)
        {
            console.MarkupLine(Markup.Escape($"no trials, job {results.Status}"));
            return;
        }

        var shown = results.Trials
            .OrderBy(t => ObjectiveValues.SortKey(t, objective))
            .ThenBy(t => t.TrialId, StringComparer.Ordinal)
            .Take(rows)
            .ToList();
        // Hyperband's brackets and rounds, ASHA's rungs; nothing to show for the other algorithms.
        var hasRounds = shown.Any(t => t.Bracket is not null || t.Round is not null);
        Func<TrialResult, string> value = t => ObjectiveValues.Of(t, objective) is { } v ? Significant.Of(v, 5) : "-";
        Func<TrialResult, string> bracketRound = t => t.Bracket is { } b ? $"{b}/{t.Round}" : t.Round?.ToString(CultureInfo.InvariantCulture) ?? "";
        var columns = new List<(string Header, Justify Align, Func<TrialResult, string> Cell)>
        {
            ("trial", Justify.Left, t => t.TrialId),
            ("status", Justify.Left, t => t.Status),
            (objective, Justify.Right, value),
            ("epochs", Justify.Right, t => t.Epochs.ToString(CultureInfo.InvariantCulture)),
        };
        if (hasRounds) columns.Add(("bracket/round", Justify.Left, bracketRound));
        // The hyperparameters get what the other columns leave. A name=value wider than that would be cut inside its
        // value (learning_rate=0.004 on one line, 75 on the next, in an 80-column terminal): shorter names then.
        var used = OutputTable.EdgeWidth * 2 + OutputTable.GapWidth * columns.Count;
        foreach (var (header, _, cell) in columns) used += Math.Max(header.Length, shown.Count == 0 ? 0 : shown.Max(t => cell(t).Length));
        var room = console.Profile.Width - used;
        Func<TrialResult, string> hyperparameters = shown.Any(t => LongestEntry(HyperparameterText.Compact(t.Hyperparameters)) > room)
            ? t => HyperparameterText.Short(t.Hyperparameters)
            : t => HyperparameterText.Compact(t.Hyperparameters);
        columns.Add(("hyperparameters", Justify.Left, hyperparameters));

        // A terminal too narrow for the fixed columns and the longest short name=value would get every cell cut in two
        // ("0.60" over "833", "comp" over "lete" at 40 columns), or, drawn wider, rows the terminal wraps into a
        // staircase: the trials are listed instead, two lines each, wrapped between words.
        var least = shown.Count == 0 ? 0 : shown.Max(t => LongestEntry(HyperparameterText.Short(t.Hyperparameters)));
        if (room < least)
        {
            foreach (var trial in shown)
            {
                var round = hasRounds ? $", bracket/round {bracketRound(trial)}" : "";
                console.MarkupLine(Markup.Escape($"{trial.TrialId} {trial.Status} {objective} {value(trial)}, {Quantity.Of(trial.Epochs, "epoch")}{round}"));
                console.MarkupLine(Markup.Escape("  " + HyperparameterText.Short(trial.Hyperparameters)));
            }
        }
        else
        {
            var table = OutputTable.Create(console);
            foreach (var (header, align, _) in columns) table.AddColumn(new TableColumn(Markup.Escape(header)) { Alignment = align });
            foreach (var trial in shown) table.AddRow(columns.Select(c => Markup.Escape(c.Cell(trial))).ToArray());
            console.Write(table);
        }
        WriteTrainingFailures(results, console);
        console.MarkupLine(Markup.Escape($"{Quantity.Of(results.Trials.Count, "trial")}, {Quantity.Of(results.TotalEpochs, "epoch")} trained, job {results.Status}"));
    }

    /// <summary>Trials whose training failed or diverged, with why: ranked last, they were rarely in the table, and where
    /// they were, "-" and "0 epochs" did not say what happened (an out-of-memory trial, a learning rate that diverged).</summary>
    private static void WriteTrainingFailures(ResultsDocument results, IAnsiConsole console, int listed = 3)
    {
        var failures = results.Trials.Where(t => t.Status == Diverged || t.Status == Failed).OrderBy(t => t.TrialId, StringComparer.Ordinal).ToList();
        foreach (var trial in failures.Take(listed))
            console.MarkupLine(Markup.Escape($"{trial.TrialId} {trial.Status}: {trial.Error ?? "no reason recorded"}"));
        if (failures.Count > listed)
            console.MarkupLine(Markup.Escape($"... and {failures.Count - listed} more failed or diverged (each trial's error is in results.json)"));
    }

    private static int LongestEntry(string compact) => compact.Split(' ').Max(entry => entry.Length);
}
