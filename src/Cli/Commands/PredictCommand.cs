using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Engine.Data;
using Tuner.Training;
using Tuner.Training.BestModels;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner predict MODEL [--data FILE] [--format csv|json]</c> (PRODUCT.md §8): the best model of a
/// <c>tuner run</c> applied to data. Forecast: a CSV with the job's feature columns (default: the job's own data), one
/// forecast per window, <c>horizon</c> rows ahead, in the target's original units. Classify: texts (one per line, or a
/// CSV with the job's text column; a numeric sequence model reads a CSV with its feature columns), each with its label
/// and class probabilities.</summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "A tuner run output folder (tuner-out/JOB), or its best-model.json or best-model.ckpt." }
            .NotEmpty("a tuner run output folder (tuner-out/JOB)");
        var data = new Option<string?>("--data") { Description = "The data to predict: a CSV with the job's feature (or text) columns, or a text file with one text per line ('-': standard input). Default: the job's own data." }
            .NotEmpty("a CSV or text file, or - for standard input (leave --data out for the job's own data)");
        var format = new Option<string>("--format") { Description = "csv (default: a header row, then index,forecast or index,label,p_<label>…) or json.", DefaultValueFactory = _ => "csv" }.OneOf("csv", "json");
        var command = new Command("predict", "Predict with the best model of a tuner run: forecasts in the target's units, or labels and class probabilities.") { model, data, format };
        command.SetAction((parse, cancellation) => TunerCli.Guard(() => RunAsync(parse.GetValue(model)!, parse.GetValue(data), parse.GetValue(format)!, cancellation)));
        return command;
    }

    private static async Task<int> RunAsync(string modelPath, string? dataPath, string format, CancellationToken cancellation)
    {
        using var model = ModelArgument.Load(modelPath);
        if (model.Task is not (TaskKind.Forecast or TaskKind.Classify))
            throw new InvalidInputException($"MODEL: {modelPath} is a generate model: it continues text; use tuner generate MODEL --prompt TEXT");
        // --data's text, read once here: a file, or standard input ('-'); null for the job's own data.
        var dataText = dataPath switch
        {
            null => null,
            StandardInput.Dash => await ReadStandardInputAsync(StandardInputShape(model), cancellation),
            _ => JobData.ReadUtf8File(Path.GetFullPath(dataPath), "--data"),
        };
        var output = model.Task == TaskKind.Forecast ? Forecasts(model, dataPath, dataText, format) : Classes(model, dataPath, dataText, format);
        await Console.Out.WriteAsync(output);
        return ExitCodes.Success;
    }

    private static string Forecasts(BestModel model, string? dataPath, string? dataText, string format)
    {
        var rows = model.Forecast(Series(model, dataPath, dataText));
        if (format == "json")
            return Json("forecast", rows.Select(r => new JsonObject { ["index"] = r.Index, ["forecast"] = r.Value }));
        var csv = new StringBuilder("index,forecast\n");
        foreach (var (index, value) in rows) csv.Append(index).Append(',').Append(BestModelFile.Number(value)).Append('\n');
        return csv.ToString();
    }

    private static string Classes(BestModel model, string? dataPath, string? dataText, string format)
    {
        var labels = model.Preprocessing.Labels!.Names;
        IReadOnlyList<(int Index, float[] Probabilities)> rows;
        if (model.Preprocessing.Words is null)
        {
            rows = model.ClassifySeries(Series(model, dataPath, dataText));
        }
        else
        {
            var (indices, texts) = Texts(model, dataPath, dataText);
            var probabilities = model.ClassifyTexts(texts);
            rows = indices.Select((index, i) => (index, probabilities[i])).ToList();
        }
        if (format == "json")
            return Json("classify", rows.Select(r => new JsonObject
            {
                ["index"] = r.Index,
                ["label"] = labels[ArgMax(r.Probabilities)],
                ["probabilities"] = new JsonObject(labels.Select((l, k) => KeyValuePair.Create(l, (JsonNode?)r.Probabilities[k]))),
            }));
        var csv = new StringBuilder();
        Row(csv, ["index", "label", .. labels.Select(l => "p_" + l)]);
        foreach (var (index, p) in rows)
            Row(csv, [index.ToString(System.Globalization.CultureInfo.InvariantCulture), labels[ArgMax(p)], .. p.Select(BestModelFile.Number)]);
        return csv.ToString();
    }

    /// <summary>The series to read: <paramref name="dataPath"/>'s feature columns in the model's order, else the job's data.</summary>
    private static TimeSeries Series(BestModel model, string? dataPath, string? dataText)
    {
        var features = model.Preprocessing.FeatureNames;
        if (dataPath is null)
        {
            RequireJobData(model, "the CSV");
            // A classifier's series is its feature columns (its labels are no forecast target).
            return model.Task == TaskKind.Forecast ? JobData.LoadSeries(model.Spec) : FeatureColumns(JobData.ReadSourceText(model.Spec)!, features, "the job's data", "data");
        }
        var series = FeatureColumns(dataText!, features, SourceName(dataPath), "--data");
        // Named here, where the rows are the user's --data (the model's own check can only name its window).
        var window = model.Spec.Window;
        if (series.Length < window)
            throw new InvalidInputException($"--data: the model reads windows of {window} rows; {SourceName(dataPath)} has {series.Length}: give at least {window} rows");
        return series;
    }

    /// <summary><paramref name="features"/>' columns of a CSV; a problem is an input error of <paramref name="field"/>.</summary>
    private static TimeSeries FeatureColumns(string text, IReadOnlyList<string> features, string source, string field)
    {
        try
        {
            return CsvSeriesLoader.LoadFeaturesText(text, features, source);
        }
        catch (DataFormatException e)
        {
            throw new InvalidInputException($"{field}: {e.Message} (the model reads columns {string.Join(", ", features)})");
        }
    }

    /// <summary>What messages call --data: its path, or "standard input" for '-' ("- line 6" named nothing).</summary>
    private static string SourceName(string dataPath) => dataPath == StandardInput.Dash ? StandardInput.Name : dataPath;

    /// <summary>The texts to classify with their indices: a CSV's text column (index: data row), a file's lines (index:
    /// line, blank lines skipped), or the job's own CSV.</summary>
    private static (IReadOnlyList<int> Indices, IReadOnlyList<string> Texts) Texts(BestModel model, string? dataPath, string? dataText)
    {
        var column = ((CsvDataSpec)model.Spec.Data).Text!;
        string text;
        string source;
        if (dataPath is null)
        {
            RequireJobData(model, "the texts");
            text = JobData.ReadSourceText(model.Spec)!;
            source = "the job's data";
        }
        else
        {
            text = dataText!;
            source = SourceName(dataPath);
            if (!dataPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                // CRLF, LF and a lone CR (classic Mac files) each end a line, as tuner generate reads them.
                var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
                // A CSV read as lines would be classified header and label columns included, silently. Its header is
                // told by the training CSV's two column names (one alone could begin a text).
                var label = ((CsvDataSpec)model.Spec.Data).Label;
                if (Array.Find(lines, l => !string.IsNullOrWhiteSpace(l)) is { } first
                    && first.Split(',').Select(f => f.Trim().Trim('"')).ToHashSet() is var names && names.Contains(column) && label is not null && names.Contains(label))
                    throw new InvalidInputException($"--data: the first line of {source} is a CSV header naming the model's text column '{column}', " +
                        $"but {(dataPath == StandardInput.Dash ? StandardInput.Name : "a file whose name does not end in .csv")} is read as one text per line; " +
                        "give the CSV as a file named *.csv, or the texts alone, one per line");
                var indices = new List<int>();
                var texts = new List<string>();
                for (int i = 0; i < lines.Length; i++)
                {
                    if (string.IsNullOrWhiteSpace(lines[i])) continue;
                    indices.Add(i);
                    texts.Add(lines[i]);
                }
                if (texts.Count == 0) throw new InvalidInputException($"--data: {source} has no text; give one text per line");
                return (indices, texts);
            }
        }
        try
        {
            var table = CsvTextColumns.LoadText(text, [column], source);
            JobData.RequireTexts(table, 0, column, dataPath is null ? "data.text" : "--data");
            return (Enumerable.Range(0, table.Rows).ToList(), table.Column(0));
        }
        catch (DataFormatException e)
        {
            throw new InvalidInputException($"--data: {e.Message} (the model reads the text column '{column}')");
        }
    }

    /// <summary>Predicting on the job's own data needs it where the job read it: if it is gone, say to give it.</summary>
    private static void RequireJobData(BestModel model, string what)
    {
        if (model.Spec.Data is not FileDataSpec { Path: { } path }) return;
        if (path == BestModelFile.MissingData)
            throw new InvalidInputException($"--data: the job's data was sent inline and not kept with the model; give {what} with --data FILE");
        if (!File.Exists(path))
            throw new InvalidInputException($"--data: the job's data {path} is not there any more (moved or deleted); give {what} to predict with --data FILE");
    }

    /// <summary>What standard input holds for <paramref name="model"/>: a text classifier reads it as lines (a CSV only from
    /// a *.csv file), every other model as CSV rows with its feature columns.</summary>
    private static string StandardInputShape(BestModel model) => model.Preprocessing.Words is not null
        ? "one text per line"
        : $"CSV rows, the first a header naming {string.Join(", ", model.Preprocessing.FeatureNames)}";

    /// <summary>All of standard input, as UTF-8 text.</summary>
    private static async Task<string> ReadStandardInputAsync(string shape, CancellationToken cancellation)
    {
        // In a terminal it said "one text per line (or CSV rows)" to every model, half of it wrong for each.
        var bytes = await StandardInput.ReadAllAsync($"reading --data from the terminal: {shape}, then Ctrl-D", cancellation);
        return JobData.DecodeUtf8(bytes, $"--data: {StandardInput.Name}");
    }

    private static string Json(string task, IEnumerable<JsonObject> predictions) =>
        new JsonObject { ["task"] = task, ["predictions"] = new JsonArray([.. predictions]) }.ToJsonString(JsonOutput) + "\n";

    /// <summary>Labels and texts keep their characters (a quote in a class name read as \u0022); JSON's own escaping is
    /// enough for a document printed to a terminal or a file.</summary>
    private static readonly JsonSerializerOptions JsonOutput = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    private static void Row(StringBuilder csv, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first) csv.Append(',');
            first = false;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0) csv.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else csv.Append(cell);
        }
        csv.Append('\n');
    }
}
