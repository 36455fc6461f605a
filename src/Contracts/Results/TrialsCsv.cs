using System.Globalization;
using System.Text;
using Tuner.Contracts.Collections;

namespace Tuner.Contracts.Results;

/// <summary><c>trials.csv</c>: one row per trial — id, status, val_loss and loss at the best epoch (and val_accuracy
/// and accuracy when the task measures them: classify, generate), epochs, bracket, round, worker, seconds, then one
/// column per hyperparameter (the search space's in its order, then any other in order of first appearance), then the
/// error. RFC 4180 quoting; numbers in the invariant culture.</summary>
public static class TrialsCsv
{
    public static string Write(ResultsDocument results) => string.Concat(Lines(results));

    /// <summary>Writes the rows to <paramref name="stream"/> one by one (UTF-8, no byte order mark), never the whole file
    /// as one string: a 100,000-trial job's is megabytes.</summary>
    public static async Task WriteAsync(ResultsDocument results, Stream stream, CancellationToken cancellation)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
        foreach (var line in Lines(results)) await writer.WriteAsync(line.AsMemory(), cancellation);
        await writer.FlushAsync(cancellation);
    }

    /// <summary>The header and one line per trial, each ending in a newline.</summary>
    public static IEnumerable<string> Lines(ResultsDocument results)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // The search space's names first, so the columns are the job's whatever its trials (none yet: only a header).
        foreach (var dimension in results.SearchSpace ?? ValueList<SearchDimension>.Empty)
            if (seen.Add(dimension.Name)) names.Add(dimension.Name);
        foreach (var trial in results.Trials)
            foreach (var name in trial.Hyperparameters.Names)
                if (seen.Add(name)) names.Add(name);

        var accuracy = HasAccuracy(results);
        string[] metrics = accuracy ? ["val_loss", "loss", "val_accuracy", "accuracy"] : ["val_loss", "loss"];
        var line = new StringBuilder();
        yield return Row(line, ["trialId", "status", .. metrics, "epochs", "bracket", "round", "worker", "seconds", .. names, "error"]);
        var cells = new List<string?>();
        foreach (var t in results.Trials)
        {
            cells.Clear();
            cells.AddRange([t.TrialId, t.Status, Number(t.ValLoss), Number(t.Loss)]);
            if (accuracy) cells.AddRange([Number(t.ValAccuracy), Number(t.Accuracy)]);
            cells.AddRange([
                t.Epochs.ToString(CultureInfo.InvariantCulture),
                t.Bracket?.ToString(CultureInfo.InvariantCulture), t.Round?.ToString(CultureInfo.InvariantCulture), t.Worker, Number(t.Seconds),
            ]);
            foreach (var name in names)
                cells.Add(t.Hyperparameters.TryGet(name, out var value) ? Text(value) : null);
            cells.Add(t.Error);
            yield return Row(line, cells);
        }
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

    private static string Row(StringBuilder csv, IEnumerable<string?> cells)
    {
        csv.Clear();
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
        return csv.ToString();
    }
}
