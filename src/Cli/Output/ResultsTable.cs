using System.Globalization;
using Spectre.Console;
using Tuner.Contracts.Results;

namespace Tuner.Cli.Output;

/// <summary>The end-of-run summary on stdout: the best trial, then the best trials as a table.</summary>
internal static class ResultsTable
{
    public static void Write(ResultsDocument results, int rows = 10)
    {
        var console = StdoutConsole.Create();
        var objective = results.Objective;
        if (results.Best is { } best)
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"best trial {best.TrialId}: {objective} {(ObjectiveValues.Of(best, objective) is { } bestValue ? Significant.Of(bestValue, 6) : "-")} after {Quantity.Of(best.Epochs, "epoch")}, {best.Hyperparameters.ToJson()}")));
        }
        else
        {
            console.MarkupLine(Markup.Escape($"no trial produced a {objective} (job {results.Status})"));
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("trial");
        table.AddColumn("status");
        table.AddColumn(new TableColumn(Markup.Escape(objective)).RightAligned());
        table.AddColumn(new TableColumn("epochs").RightAligned());
        table.AddColumn("bracket/round");
        table.AddColumn("hyperparameters");
        foreach (var trial in results.Trials
                     .OrderBy(t => ObjectiveValues.SortKey(t, objective))
                     .ThenBy(t => t.TrialId, StringComparer.Ordinal)
                     .Take(rows))
        {
            var value = ObjectiveValues.Of(trial, objective);
            table.AddRow(
                Markup.Escape(trial.TrialId),
                Markup.Escape(trial.Status),
                value is { } v ? Significant.Of(v, 5) : "-",
                trial.Epochs.ToString(CultureInfo.InvariantCulture),
                trial.Bracket is { } b ? $"{b}/{trial.Round}" : trial.Round?.ToString(CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(HyperparameterText.Compact(trial.Hyperparameters)));
        }
        console.Write(table);
        console.MarkupLine(Markup.Escape($"{Quantity.Of(results.Trials.Count, "trial")}, {Quantity.Of(results.TotalEpochs, "epoch")} trained, job {results.Status}"));
    }
}
