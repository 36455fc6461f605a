using System.Globalization;
using System.Text;

namespace Tuner.Contracts.Results;

/// <summary><c>trials.csv</c>: one row per trial — id, status, val_loss and loss at the best epoch (and val_accuracy
/// and accuracy when the task measures them: classify, generate), epochs, bracket, round, worker, seconds, then one
/// column per hyperparameter (in order of first appearance), then the error. RFC 4180 quoting; numbers in the
/// invariant culture.</summary>
public static class TrialsCsv
{
    public static string Write(ResultsDocument results)
    {
        var names = new List<string>();
        foreach (var trial in results.Trials)
            foreach (var name in trial.Hyperparameters.Names)
                if (!names.Contains(name)) names.Add(name);

        var accuracy = HasAccuracy(results);
        string[] metrics = accuracy ? ["val_loss", "loss", "val_accuracy", "accuracy"] : ["val_loss", "loss"];
        var csv = new StringBuilder();
        Row(csv, ["trialId", "status", .. metrics, "epochs", "bracket", "round", "worker", "seconds", .. names, "error"]);
        foreach (var t in results.Trials)
        {
            var cells = new List<string?> { t.TrialId, t.Status, Number(t.ValLoss), Number(t.Loss) };
            if (accuracy) cells.AddRange([Number(t.ValAccuracy), Number(t.Accuracy)]);
            cells.AddRange([
                t.Epochs.ToString(CultureInfo.InvariantCulture),
                t.Bracket?.ToString(CultureInfo.InvariantCulture), t.Round?.ToString(CultureInfo.InvariantCulture), t.Worker, Number(t.Seconds),
            ]);
            foreach (var name in names)
                cells.Add(t.Hyperparameters.TryGet(name, out var value) ? Text(value) : null);
            cells.Add(t.Error);
            Row(csv, cells);
        }
        return csv.ToString();
    }

    /// <summary>True when the job's task measures accuracy: its objective is one, or a trial reports one.</summary>
    public static bool HasAccuracy(ResultsDocument results)
    {
        if (results.Objective is "val_accuracy" or "accuracy") return true;
        foreach (var trial in results.Trials)
            if (trial.Accuracy is not null || trial.ValAccuracy is not null) return true;
        return false;
    }

    private static string Text(Search.HyperparameterValue value) =>
        value.Kind == Search.HyperparameterKind.String ? value.AsString() : value.ToString();

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder csv, IEnumerable<string?> cells)
    {
        bool first = true;
        foreach (var cell in cells)
        {
            if (!first) csv.Append(',');
            first = false;
            if (cell is null) continue;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0) csv.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else csv.Append(cell);
        }
        csv.Append('\n');
    }
}
