using System.Globalization;
using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Commands;
using Tuner.Cli.Tests.Support;

namespace Tuner.Cli.Tests.Tasks;

/// <summary>The seeds' three tasks end to end on real data (examples/data, docs/data.md), each a <c>tuner run</c> in local
/// mode with a small budget, then the best model used through <c>tuner predict</c> / <c>tuner generate</c>: each must beat
/// its simple baseline, computed here from the data itself, and the same check must reject an untrained model (a learning
/// rate too small to move the weights), so it can fail.</summary>
public sealed class RealDataTaskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-tasks-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Example(string file) => Path.Combine(Repository.Root, "examples", file);

    /// <summary>An example spec with its data path made absolute and the given fields replaced, written to the test folder.</summary>
    private string Spec(string example, string name, Action<JsonObject>? change = null)
    {
        var spec = JsonNode.Parse(File.ReadAllText(Example(example)))!.AsObject();
        spec["name"] = name;
        var data = spec["data"]!.AsObject();
        if (data["path"] is { } path) data["path"] = Path.GetFullPath((string)path!, Path.Combine(Repository.Root, "examples"));
        change?.Invoke(spec);
        var file = Path.Combine(_dir, name + ".json");
        File.WriteAllText(file, spec.ToJsonString());
        return file;
    }

    /// <summary>One configuration (no search), trained <paramref name="epochs"/> epochs with a learning rate too small to
    /// learn anything: the broken model each baseline check must reject.</summary>
    private static void Untrained(JsonObject spec, int epochs)
    {
        spec["searchSpace"] = JsonNode.Parse("""{"units": {"type": "fixed", "value": 16}, "learning_rate": {"type": "fixed", "value": 1e-7}}""");
        spec["algorithm"] = JsonNode.Parse($$"""{"type": "random", "maxTrials": 1, "executionsPerTrial": 1, "epochs": {{epochs}}}""");
    }

    private async Task<string> Run(string spec, string name)
    {
        var outDir = Path.Combine(_dir, "out-" + name);
        var (code, _, error) = await CliRunner.RunAsync(["run", spec, "--workers", "2", "--db", Path.Combine(_dir, name + ".db"), "--out", outDir]);
        Assert.True(code == 0, $"tuner run {name}: exit {code}: {error}");
        return outDir;
    }

    private static JsonObject Results(string outDir) => JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")))!.AsObject();

    private static JsonObject ModelReport(string outDir) => Support.ReportFile.ModelReport(outDir);

    private static async Task<string> Cli(params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.True(code == 0, $"tuner {string.Join(' ', args)}: exit {code}: {error}");
        return output;
    }

    // --- forecast: Seattle's daily maximum temperature (NOAA, vega-datasets) ----------------------------------------

    [Fact]
    public async Task A_forecast_of_seattle_weather_beats_persistence_and_predict_reproduces_its_validation_forecasts_in_degrees()
    {
        var temperatures = ReadColumn(Path.Combine(Repository.Root, "examples", "data", "seattle-weather.csv"), "temp_max")
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        var outDir = await Run(Spec("seattle-weather.json", "seattle"), "seattle");
        var report = ModelReport(outDir)["forecast"]!;
        var index = report["index"]!.AsArray().Select(n => (int)n!).ToArray();
        var reported = report["forecast"]!.AsArray().Select(n => (float)n!).ToArray();
        // The validation part: the last fifth of the 1461 − 14 windows, forecasting up to the data's last row.
        Assert.Equal(temperatures.Length - 1, index[^1]);
        Assert.InRange(index.Length, 289, 290);
        Assert.Equal(Enumerable.Range(index[0], index.Length), index);

        // tuner predict on the job's own data: every window's forecast; over the validation rows exactly the report's numbers.
        var predicted = ForecastRows(await Cli("predict", outDir));
        Assert.Equal(temperatures.Length - 14 + 1, predicted.Count); // one per window, the last one past the data's end
        for (int i = 0; i < index.Length; i++)
            Assert.Equal(reported[i], predicted[index[i]]);

        var model = Rmse(index, i => predicted[i], temperatures);
        var persistence = Rmse(index, i => (float)temperatures[i - 1], temperatures);
        // In degrees Celsius, not standardized units: a model off by a whole standard deviation would be ~7 °C.
        Assert.True(model < persistence, $"forecast RMSE {model:F3} °C does not beat persistence {persistence:F3} °C");
        Assert.Equal(model, (double)report["rmse"]!, 4);
        Assert.Equal(persistence, (double)report["persistenceRmse"]!, 4);

        // The same check rejects an untrained model.
        var brokenDir = await Run(Spec("seattle-weather.json", "seattle-untrained", s => Untrained(s, 1)), "seattle-untrained");
        var broken = ForecastRows(await Cli("predict", brokenDir));
        Assert.False(Rmse(index, i => broken[i], temperatures) < persistence, "an untrained model beats persistence: the check cannot fail");
    }

    private static Dictionary<int, float> ForecastRows(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("index,forecast", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => int.Parse(c[0], CultureInfo.InvariantCulture), c => float.Parse(c[1], CultureInfo.InvariantCulture));
    }

    private static double Rmse(IReadOnlyList<int> rows, Func<int, float> forecast, double[] actual) =>
        Math.Sqrt(rows.Average(i => (forecast(i) - actual[i]) * (forecast(i) - actual[i])));

    // --- classify: sentiment of Amazon fine-food reviews (r-cran-modeldata) -----------------------------------------

    [Fact]
    public async Task Sentiment_of_fine_food_reviews_beats_the_majority_class_by_ten_points_and_predict_labels_texts_as_the_report_does()
    {
        var csvPath = Path.Combine(Repository.Root, "examples", "data", "fine-foods.csv");
        var reviews = ReadColumn(csvPath, "review");
        var scores = ReadColumn(csvPath, "score");
        int trainCount = (int)decimal.Floor(scores.Count * 0.8m);
        var validation = scores.Skip(trainCount).ToList();
        var majority = validation.GroupBy(s => s).Max(g => g.Count()) / (double)validation.Count;

        var outDir = await Run(Spec("fine-foods-sentiment.json", "sentiment"), "sentiment");
        var results = Results(outDir);
        Assert.Equal("val_accuracy", (string?)results["objective"]);
        var best = results["best"]!;
        var accuracy = (double)best["val_accuracy"]!;
        Assert.True(accuracy >= majority + 0.10, $"val_accuracy {accuracy:F3} is not 10 points above the majority rate {majority:F3}");
        // Ranked by the maximized objective: no finished trial has a higher val_accuracy than the best.
        Assert.All(results["trials"]!.AsArray(), t => Assert.True(t!["val_accuracy"] is null || (double)t["val_accuracy"]! <= accuracy));

        // The exported model is the best trial at its best epoch: it scores exactly the val_accuracy the search ranked by.
        var classification = ModelReport(outDir)["classification"]!;
        Assert.Equal(validation.Count, (int)classification["count"]!);
        Assert.Equal(accuracy, (double)classification["accuracy"]!, 6);
        Assert.Equal(majority, (double)classification["majorityRate"]!, 6);

        // tuner predict on the validation reviews, as a CSV with the job's text column, agrees with the report.
        var input = Path.Combine(_dir, "validation-reviews.csv");
        File.WriteAllLines(input, ["review", .. reviews.Skip(trainCount).Select(r => "\"" + r.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")]);
        var rows = (await Cli("predict", outDir, "--data", input)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("index,label,p_great,p_other", rows[0]);
        Assert.Equal(validation.Count, rows.Length - 1);
        var predictedLabels = rows.Skip(1).Select(r => r.Split(',')[1]).ToList();
        var agree = predictedLabels.Where((label, i) => label == validation[i]).Count() / (double)validation.Count;
        Assert.Equal(accuracy, agree, 6);

        // JSON: each text's label and probabilities summing to 1.
        var json = JsonNode.Parse(await Cli("predict", outDir, "--data", input, "--format", "json"))!;
        Assert.Equal("classify", (string?)json["task"]);
        var first = json["predictions"]![0]!;
        Assert.Equal(predictedLabels[0], (string?)first["label"]);
        Assert.Equal(1.0, (double)first["probabilities"]!["great"]! + (double)first["probabilities"]!["other"]!, 5);

        // The same check rejects an untrained model.
        var broken = Results(await Run(Spec("fine-foods-sentiment.json", "sentiment-untrained", s => Untrained(s, 1)), "sentiment-untrained"));
        Assert.False((double)broken["best"]!["val_accuracy"]! >= majority + 0.10, "an untrained model passes: the check cannot fail");
    }

    // --- generate: Pride and Prejudice (r-cran-janeaustenr) ----------------------------------------------------------

    /// <summary>The novel's first chapters: a whole epoch over all 685,000 characters takes minutes on two cores; two epochs
    /// over these already leave the character frequencies' loss far behind.</summary>
    private const int TextLength = 30_000;

    [Fact]
    public async Task Text_generation_on_pride_and_prejudice_beats_character_frequencies_and_the_same_seed_gives_the_same_text()
    {
        var novel = File.ReadAllText(Path.Combine(Repository.Root, "examples", "data", "pride-and-prejudice.txt"))[..TextLength];
        var textPath = Path.Combine(_dir, "pride-and-prejudice-start.txt");
        File.WriteAllText(textPath, novel);
        const int window = 40;
        void Small(JsonObject s)
        {
            s["data"] = new JsonObject { ["kind"] = "text", ["path"] = textPath };
            s["window"] = window;
            s["batchSize"] = 64;
        }

        var outDir = await Run(Spec("austen-generate.json", "austen", s =>
        {
            Small(s);
            s["searchSpace"] = JsonNode.Parse("""{"units": {"type": "choice", "values": [64, 96]}, "learning_rate": {"type": "fixed", "value": 0.01}}""");
            s["algorithm"] = JsonNode.Parse("""{"type": "random", "maxTrials": 2, "executionsPerTrial": 1, "epochs": 2}""");
        }), "austen");
        var valLoss = (double)Results(outDir)["best"]!["val_loss"]!;
        var baseline = FrequencyLoss(novel, window, 0.1);
        Assert.True(valLoss <= 0.7 * baseline, $"val_loss {valLoss:F3} is above 0.7 × the character-frequency loss {baseline:F3}");
        var generation = ModelReport(outDir)["generation"]!;
        Assert.Equal(baseline, (double)generation["frequencyLoss"]!, 3);
        Assert.Equal(valLoss, (double)generation["valLoss"]!, 4); // the exported state is the best epoch's

        // The same seed gives the same text; another seed another text; the prompt comes first.
        const string prompt = "It is a truth universally acknowledged";
        var once = await Cli("generate", outDir, "--prompt", prompt, "--length", "120", "--seed", "7");
        var again = await Cli("generate", outDir, "--prompt", prompt, "--length", "120", "--seed", "7");
        var other = await Cli("generate", outDir, "--prompt", prompt, "--length", "120", "--seed", "8");
        Assert.Equal(once, again);
        Assert.NotEqual(once, other);
        Assert.StartsWith(prompt, once);
        // The prompt, 120 characters and the one line break the command ends with (the text may end in one of its own).
        Assert.EndsWith("\n", once);
        Assert.Equal(prompt.Length + 120, once.Length - 1);

        // The same check rejects an untrained model.
        var broken = Results(await Run(Spec("austen-generate.json", "austen-untrained", s => { Small(s); Untrained(s, 1); }), "austen-untrained"));
        Assert.False((double)broken["best"]!["val_loss"]! <= 0.7 * baseline, "an untrained model passes: the check cannot fail");
    }

    /// <summary>The cross-entropy (nats) of predicting each validation label with the training labels' character
    /// frequencies, add-one smoothed over the training part's characters and the unknown one (PRODUCT.md §6's split:
    /// sample i reads characters [i, i + window) and predicts character i + window; the last fifth of samples validate).</summary>
    private static double FrequencyLoss(string text, int window, double validationSplit)
    {
        var chars = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        int samples = chars.Length - window;
        int train = (int)decimal.Floor(samples * (1m - (decimal)validationSplit));
        var counts = new Dictionary<string, int>();
        // The vocabulary: every character the training samples read or predict, plus the unknown character.
        foreach (var c in chars.Take(train + window)) counts.TryAdd(c, 0);
        for (int i = 0; i < train; i++) counts[chars[i + window]]++;
        int classes = counts.Count + 1;
        double loss = 0;
        for (int i = train; i < samples; i++)
            loss -= Math.Log(((counts.TryGetValue(chars[i + window], out var n) ? n : 0) + 1) / (double)(train + classes));
        return loss / (samples - train);
    }

    // --- CSV reading for the baselines (RFC 4180: quoted fields with commas, quotes and line breaks) -----------------

    private static List<string> ReadColumn(string path, string column)
    {
        var records = ParseCsv(File.ReadAllText(path));
        var at = Array.IndexOf(records[0], column);
        Assert.True(at >= 0, $"{path} has no column {column}");
        return records.Skip(1).Select(r => r[at]).ToList();
    }

    private static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); records.Add([.. fields]); }
        return records;
    }
}
