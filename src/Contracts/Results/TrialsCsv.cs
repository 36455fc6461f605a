using System.Globalization;
using System.Text;

namespace Tuner.Contracts.Results;

/// <summary><c>trials.csv</c>: one row per trial — id, status, best val_loss and loss, epochs,
/// bracket, round, worker, seconds, then one column per hyperparameter (in order of first
/// appearance), then the error. RFC 4180 quoting; numbers in the invariant culture.</summary>
public static class TrialsCsv
{
    public static string Write(ResultsDocument results)
    {
        var names = new List<string>();
        foreach (var trial in results.Trials)
            foreach (var name in trial.Hyperparameters.Names)
                if (!names.Contains(name)) names.Add(name);

        var csv = new StringBuilder();
        Row(csv, ["trialId", "status", "val_loss", "loss", "epochs", "bracket", "round", "worker", "seconds", .. names, "error"]);
        foreach (var t in results.Trials)
        {
            var cells = new List<string?>
            {
                t.TrialId, t.Status, Number(t.ValLoss), Number(t.Loss), t.Epochs.ToString(CultureInfo.InvariantCulture),
                t.Bracket?.ToString(CultureInfo.InvariantCulture), t.Round?.ToString(CultureInfo.InvariantCulture), t.Worker, Number(t.Seconds),
            };
            foreach (var name in names)
                cells.Add(t.Hyperparameters.TryGet(name, out var value) ? Text(value) : null);
            cells.Add(t.Error);
            Row(csv, cells);
        }
        return csv.ToString();
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
