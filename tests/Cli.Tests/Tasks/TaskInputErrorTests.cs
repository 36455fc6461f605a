using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Commands;

namespace Tuner.Cli.Tests.Tasks;

/// <summary>Bad data for the text tasks, and bad input to <c>tuner predict</c> / <c>tuner generate</c>: each a clear
/// error naming the field or option and the fix, exit 2, never a stack trace.</summary>
public sealed class TaskInputErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-task-errors-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static string Classify(string csv) => $$"""
        {
          "name": "reviews", "task": "classify",
          "data": { "kind": "csv", "path": "{{csv}}", "text": "review", "label": "score" },
          "tokenizer": { "maxLength": 8 },
          "validationSplit": 0.25,
          "searchSpace": { "units": { "type": "fixed", "value": 4 } },
          "objective": "val_accuracy",
          "algorithm": { "type": "random", "maxTrials": 1, "epochs": 1 }
        }
        """;

    private async Task<string> Invalid(params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.True(code == ExitCodes.InvalidInput, $"exit {code}: {output} {error}");
        Assert.DoesNotContain("   at ", error);
        return error.Trim();
    }

    [Fact]
    public async Task A_label_column_with_one_class_an_empty_text_and_a_vocabulary_of_one_word_are_each_named()
    {
        var oneClass = File("one-class.csv", "review,score\ngood food,great\nbad food,great\nfine,great\nok,great\n");
        Assert.Equal("data.label: column 'score' has one class (\"great\") in all 4 rows; classify needs at least two classes: check the column",
            await Invalid("validate", File("a.json", Classify(oneClass))));

        // The file is named, as every other CSV error names it (it said "data.text: column 'review' is empty on line 3").
        var emptyText = File("empty-text.csv", "review,score\ngood food,great\n   ,other\nfine,great\nok,other\n");
        Assert.Equal($"data.text: {emptyText} line 3, column 'review': empty text (data row 2); every row needs text: fill it in or remove the row",
            await Invalid("validate", File("b.json", Classify(emptyText))));
        var emptyLabel = File("empty-label.csv", "review,score\ngood food,great\nbad food,\nfine,great\nok,other\n");
        Assert.Equal($"data.label: {emptyLabel} line 3, column 'score': empty label (data row 2); every row needs its class: fill it in or remove the row",
            await Invalid("validate", File("b2.json", Classify(emptyLabel))));
        // A spec naming its CSV relative to itself: the message gives the file's full path, as for a forecast's CSV.
        Assert.StartsWith($"data.text: {emptyText} line 3,", await Invalid("validate", File("b3.json", Classify("empty-text.csv"))));

        // The field is named once (it read "validationSplit: validationSplit (0.9) …").
        var four = File("four.csv", "review,score\ngood food,great\nbad food,other\nfine,great\nok,other\n");
        Assert.Equal("validationSplit: 0.9 leaves no training samples: 4 samples × (1 − 0.9) rounds down to 0; lower validationSplit or use more data. (a sample is one of the rows)",
            await Invalid("validate", File("split.json", Classify(four).Replace("\"validationSplit\": 0.25", "\"validationSplit\": 0.9"))));

        var oneWord = File("one-word.csv", "review,score\nyum,great\nyum yum,other\nYUM,great\nbad,other\n");
        Assert.StartsWith("data.text: the training part (3 rows of column 'review') has 1 distinct word (\"yum\"); a vocabulary needs at least 2",
            await Invalid("validate", File("c.json", Classify(oneWord))));
    }

    [Fact]
    public async Task A_training_part_of_one_class_is_named_with_the_fix()
    {
        // Sorted by class: the first 12 rows (the training part of 16 at validationSplit 0.25) are all "great". It trained
        // and scored val_accuracy 0 against a majority-class baseline of 1.
        var sorted = File("sorted.csv", "review,score\n" + string.Join("\n", Enumerable.Range(0, 16).Select(i => i < 12 ? $"good food {i},great" : $"bad service {i},other")) + "\n");
        Assert.Equal("data.label: the training part (the first 12 rows) has one class (\"great\"); the rows of \"other\" are all in the validation part, " +
            "since the split keeps the file's order: shuffle the CSV's rows, or lower validationSplit",
            await Invalid("validate", File("sorted.json", Classify(sorted))));
    }

    [Fact]
    public async Task Run_names_the_csv_file_it_was_given_as_validate_does_not_the_inline_content_it_checks()
    {
        var series = File("series.csv", "day,temp\n" + string.Join("\n", Enumerable.Range(0, 40).Select(d => $"{d},{d % 5}")) + "\n");
        var forecast = File("f.json", $$$"""
            {"name": "f", "data": {"kind": "csv", "path": "{{{series}}}", "target": "rain"}, "window": 4,
             "searchSpace": {"units": {"type": "fixed", "value": 4}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}
            """);
        var expected = $"data: {series} line 1: column 'rain' (target) not found; columns are: day, temp";
        Assert.Equal(expected, await Invalid("validate", forecast));
        Assert.EndsWith(expected, await Invalid("run", forecast, "--workers", "1", "--db", Path.Combine(_dir, "f.db"), "--out", Path.Combine(_dir, "f-out")));

        var reviews = File("reviews.csv", "review,stars\ngood food,great\nbad food,other\nfine,great\nok,other\n");
        var classify = File("c.json", Classify(reviews));
        var classifyError = await Invalid("run", classify, "--workers", "1", "--db", Path.Combine(_dir, "c.db"), "--out", Path.Combine(_dir, "c-out"));
        Assert.Contains($"{reviews} line 1: column 'score'", classifyError);
        Assert.DoesNotContain("data.content", classifyError);
    }

    [Fact]
    public async Task A_text_model_whose_description_has_another_sequence_length_is_refused_when_read()
    {
        var reviews = File("reviews.csv", "review,score\n" + string.Join("\n", Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? $"good food {i},great" : $"bad service {i},other")) + "\n");
        var outDir = Path.Combine(_dir, "c-out");
        var (code, _, error) = await CliRunner.RunAsync("run", File("c.json", Classify(reviews)), "--workers", "1", "--db", Path.Combine(_dir, "c.db"), "--out", outDir);
        Assert.True(code == 0, error);
        var infoPath = Path.Combine(outDir, "best-model.json");
        var info = JsonNode.Parse(System.IO.File.ReadAllText(infoPath))!;
        // A CSV to predict with an empty text is refused as training refuses it (it was predicted from the padding alone).
        var blank = File("blank.csv", "review\nlovely\n\"\"\nawful\n");
        Assert.Equal($"--data: {blank} line 3, column 'review': empty text (data row 2); every row needs text: fill it in or remove the row",
            await Invalid("predict", outDir, "--data", blank));

        // A CSV piped in is read as one text per line: refused when its first line is a header naming the text column
        // (the header and the label column were classified as texts, exit 0).
        var (pipedCode, _, pipedError) = await PredictFromStandardInput(outDir, "review,score\ngood food,great\n");
        Assert.Equal(ExitCodes.InvalidInput, pipedCode);
        Assert.StartsWith("--data: the first line of standard input is a CSV header naming the model's text column 'review'", pipedError.Trim());
        // Lone CRs end lines (three texts, not one), and JSON keeps a label's characters as they are.
        var (crCode, crOutput, crError) = await PredictFromStandardInput(outDir, "good\rbad\rfood\r", "--format", "json");
        Assert.True(crCode == 0, crError);
        Assert.Equal([0, 1, 2], JsonNode.Parse(crOutput)!["predictions"]!.AsArray().Select(p => (int)p!["index"]!));
        Assert.DoesNotContain("\\u00", crOutput);

        info["tokenizer"]!["maxLength"] = 100_000_000;
        System.IO.File.WriteAllText(infoPath, info.ToJsonString());
        // It used to fail while predicting: "Arithmetic operation resulted in an overflow", exit 1.
        Assert.Equal($"MODEL: {infoPath} is damaged: tokenizer.maxLength is 100000000, its spec's is 8; restore the file, or run the job again to write it",
            await Invalid("predict", outDir, "--data", reviews));
    }

    [Fact]
    public async Task A_text_that_is_not_utf8_is_named_with_the_fix()
    {
        var path = Path.Combine(_dir, "latin1.txt");
        System.IO.File.WriteAllBytes(path, [.. "caf"u8, 0xE9, .. " au lait, encore du caf"u8, 0xE9]);
        var spec = File("g.json", $$$"""
            {"name": "g", "task": "generate", "data": {"kind": "text", "path": "{{{path}}}"}, "window": 4,
             "searchSpace": {"units": {"type": "fixed", "value": 4}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}
            """);
        Assert.Equal($"data.path: {path} is not UTF-8 text (byte 3); convert it to UTF-8, e.g. iconv -f latin1 -t utf-8", await Invalid("validate", spec));
    }

    [Theory]
    [InlineData("utf-16", new byte[] { 0xFF, 0xFE }, "utf-16")]      // little-endian, as Windows' Notepad and Excel write it
    [InlineData("utf-16BE", new byte[] { 0xFE, 0xFF }, "utf-16")]
    [InlineData("utf-32", new byte[] { 0xFF, 0xFE, 0x00, 0x00 }, "utf-32")]
    public async Task A_utf16_or_utf32_file_is_told_to_convert_from_its_encoding_not_latin1(string encodingName, byte[] mark, string expected)
    {
        // iconv -f latin1 (what it said) turns such a file into garbage.
        var encoding = encodingName switch
        {
            "utf-16" => (System.Text.Encoding)new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: false),
            "utf-16BE" => new System.Text.UnicodeEncoding(bigEndian: true, byteOrderMark: false),
            _ => new System.Text.UTF32Encoding(bigEndian: false, byteOrderMark: false),
        };
        var bytes = (byte[])[.. mark, .. encoding.GetBytes("day,temp\n" + string.Join("\n", Enumerable.Range(0, 40).Select(d => $"{d},{d % 5}")) + "\n")];
        var csv = Path.Combine(_dir, $"{encodingName}.csv");
        System.IO.File.WriteAllBytes(csv, bytes);
        var fix = $"is {expected.ToUpperInvariant()} text (it starts with a {expected.ToUpperInvariant()} byte-order mark), not UTF-8; convert it to UTF-8, e.g. iconv -f {expected} -t utf-8";
        var forecast = File("f.json", $$$"""
            {"name": "f", "data": {"kind": "csv", "path": "{{{csv}}}", "target": "temp"}, "window": 4,
             "searchSpace": {"units": {"type": "fixed", "value": 4}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}
            """);
        Assert.Equal($"data.path: {csv} {fix}", await Invalid("train", forecast));
        var generate = File("g.json", $$$"""
            {"name": "g", "task": "generate", "data": {"kind": "text", "path": "{{{csv}}}"}, "window": 4,
             "searchSpace": {"units": {"type": "fixed", "value": 4}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}
            """);
        Assert.Equal($"data.path: {csv} {fix}", await Invalid("validate", generate));
    }

    [Fact]
    public async Task Predict_and_generate_name_a_missing_column_a_short_series_a_non_utf8_file_and_the_wrong_task()
    {
        var series = File("series.csv", "day,temp,wind\n" + string.Join("\n", Enumerable.Range(0, 60).Select(d => $"{d},{10 + Math.Sin(d / 5.0):F3},{d % 7}")) + "\n");
        var spec = File("f.json", $$$"""
            {"name": "f", "data": {"kind": "csv", "path": "{{{series}}}", "target": "temp", "features": ["temp", "wind"]}, "window": 6,
             "searchSpace": {"units": {"type": "fixed", "value": 4}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}
            """);
        var outDir = Path.Combine(_dir, "out");
        var (code, _, error) = await CliRunner.RunAsync("run", spec, "--workers", "1", "--db", Path.Combine(_dir, "f.db"), "--out", outDir);
        Assert.True(code == 0, error);
        var info = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(outDir, "best-model.json")))!;
        Assert.Equal("forecast", (string?)info["task"]);
        Assert.Equal(1, (int)info["epoch"]!);

        var noWind = File("no-wind.csv", "day,temp\n1,10\n2,11\n3,12\n4,13\n5,14\n6,15\n7,16\n");
        Assert.Contains("column 'wind'", await Invalid("predict", outDir, "--data", noWind));
        var shortSeries = File("short.csv", "temp,wind\n10,1\n11,2\n12,3\n");
        // It said "window: …": the rows too few are --data's.
        Assert.Equal($"--data: the model reads windows of 6 rows; {shortSeries} has 3: give at least 6 rows", await Invalid("predict", outDir, "--data", shortSeries));
        var utf16 = Path.Combine(_dir, "utf16.csv");
        System.IO.File.WriteAllBytes(utf16, [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes("temp,wind\n10,1\n")]);
        Assert.StartsWith($"--data: {utf16} is UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8; convert it to UTF-8, e.g. iconv -f utf-16 -t utf-8",
            await Invalid("predict", outDir, "--data", utf16));
        // Standard input is named as such (it was "- line 3").
        var (stdinCode, _, stdinError) = await PredictFromStandardInput(outDir, "temp,wind\n10,1\n11,x\n12,3\n");
        Assert.Equal(ExitCodes.InvalidInput, stdinCode);
        Assert.StartsWith("--data: standard input line 3, column 'wind': 'x' is not a number", stdinError.Trim());
        var latin1 = Path.Combine(_dir, "latin1.csv");
        System.IO.File.WriteAllBytes(latin1, [.. "temp,wind\n10,1\n"u8, 0xE9]);
        Assert.StartsWith($"--data: {latin1} is not UTF-8 text", await Invalid("predict", outDir, "--data", latin1));
        Assert.Contains("--format: must be csv or json (got 'xml')", await Invalid("predict", outDir, "--format", "xml"));
        Assert.StartsWith("MODEL: " + outDir + " is a forecast model; tuner generate needs a generate job's model", await Invalid("generate", outDir, "--prompt", "abc"));
        Assert.StartsWith("MODEL: /no/such/folder not found", await Invalid("predict", "/no/such/folder"));
        Assert.Equal($"MODEL: {noWind} is not JSON, so not a best-model.json; give a tuner run output folder (tuner-out/JOB) or its best-model.json",
            await Invalid("predict", noWind));
        // A run's results.json is the wrong file, not an old model ("written by an older tuner run? run the job again").
        var results = Path.Combine(outDir, "results.json");
        Assert.Equal($"MODEL: {results} is a run's results, not its model; give the run's output folder (tuner-out/JOB) or its best-model.json",
            await Invalid("predict", results));

        // A hand-edited best-model.json: each problem names the file, none passes on the runtime's words (exit 1 or 2 with
        // "An element of type 'Number' cannot be converted…", "Object reference not set…").
        var infoPath = Path.Combine(outDir, "best-model.json");
        var original = System.IO.File.ReadAllText(infoPath);
        foreach (var (edit, expected) in new (Func<JsonObject, JsonNode>, string)[]
                 {
                     (i => { i["format"] = 2; return i; }, $"MODEL: {infoPath} is not a "),
                     (i => { i["format"] = "tuner-best-model/1"; return i; }, $"MODEL: {infoPath} is a tuner-best-model/1 description of an older tuner run, not tuner-best-model/2; run the job again to write it"),
                     // A newer tuner's model was called "an older tuner run"'s.
                     (i => { i["format"] = "tuner-best-model/3"; return i; }, $"MODEL: {infoPath} is a tuner-best-model/3 description, written by a newer tuner than this one (it reads tuner-best-model/2); use that tuner, or run the job again with this one"),
                     (i => new JsonObject { ["format"] = new JsonArray("x") }, $"MODEL: {infoPath} is not a "),
                     (i => { i.Remove("input"); return i; }, $"MODEL: {infoPath} is damaged: a field is missing or has the wrong type; restore the file, or run the job again to write it"),
                     (i => { i["spec"]!["window"] = 0; return i; }, $"MODEL: {infoPath} is damaged: its spec: window: must be an integer from 1 to 10000 (got 0)"),
                     // The checkpoint reads two features; a description of one (another run's, or edited) used to fail
                     // only when predicting (exit 1, "the prediction data has 1 features per step, the model expects 2").
                     (i => { i["input"]!["featureNames"] = new JsonArray("temp"); return i; },
                         $"MODEL: {outDir}: the model's checkpoint does not match its description (best-model.json): the description gives 1 feature(s) per step; the model reads 2; the two come from different runs"),
                 })
        {
            System.IO.File.WriteAllText(infoPath, edit(JsonNode.Parse(original)!.AsObject()).ToJsonString());
            Assert.StartsWith(expected, await Invalid("predict", outDir));
        }
        System.IO.File.WriteAllText(infoPath, original);

        // A damaged checkpoint is named as the MODEL argument, as the description's problems are.
        var damaged = Directory.CreateDirectory(Path.Combine(_dir, "damaged")).FullName;
        System.IO.File.Copy(infoPath, Path.Combine(damaged, "best-model.json"));
        System.IO.File.WriteAllBytes(Path.Combine(damaged, "best-model.ckpt"), "not a checkpoint"u8.ToArray());
        Assert.Equal($"MODEL: {damaged}: the model's checkpoint is unusable: not a Tuner checkpoint (bad header); restore it, or run the job again to write it",
            await Invalid("predict", damaged));
        Assert.StartsWith($"MODEL: {damaged}: the model's checkpoint is unusable", await Invalid("generate", damaged, "--prompt", "abc"));

        // The checkpoint itself, as the folder shows it, reads with its description; alone it says what it lacks.
        var (viaCheckpoint, forecasts, checkpointError) = await CliRunner.RunAsync("predict", Path.Combine(outDir, "best-model.ckpt"));
        Assert.True(viaCheckpoint == 0, checkpointError);
        Assert.Equal((await CliRunner.RunAsync("predict", outDir)).Out, forecasts);
        var lone = Directory.CreateDirectory(Path.Combine(_dir, "lone")).FullName;
        System.IO.File.Copy(Path.Combine(outDir, "best-model.ckpt"), Path.Combine(lone, "best-model.ckpt"));
        Assert.Equal($"MODEL: {Path.Combine(lone, "best-model.ckpt")} is a model checkpoint without the best-model.json tuner run writes beside it; give the output folder of the run",
            await Invalid("predict", Path.Combine(lone, "best-model.ckpt")));

        // The job's own CSV moved away: predict says to give one (it said "data.path: file not found", a spec field).
        System.IO.File.Delete(series);
        Assert.Equal($"--data: the job's data {series} is not there any more (moved or deleted); give the CSV to predict with --data FILE",
            await Invalid("predict", outDir));
    }

    /// <summary>tuner predict MODEL --data - as a process, <paramref name="text"/> piped to its standard input.</summary>
    private static Task<(int Code, string Output, string Error)> PredictFromStandardInput(string model, string text, params string[] options) =>
        Processes.PipedTuner.RunAsync(text, ["predict", model, "--data", "-", .. options]);

    [Fact]
    public async Task Predict_of_a_numeric_classifier_reads_the_jobs_own_data_by_default_and_names_a_missing_feature_as_one()
    {
        // Two numeric features and a label (whether x rose): a classifier of windows, no text.
        var rows = Enumerable.Range(0, 80).Select(i => (X: Math.Sin(i / 3.0), Y: i % 5)).ToList();
        var csv = File("moves.csv", "x,y,state\n" + string.Join("\n", rows.Select((r, i) =>
            FormattableString.Invariant($"{r.X:F4},{r.Y},{(i > 0 && r.X > rows[i - 1].X ? "up" : "down")}"))) + "\n");
        var spec = File("moves.json", $$$"""
            {"name": "moves", "task": "classify", "data": {"kind": "csv", "path": "{{{csv}}}", "features": ["x", "y"], "label": "state"},
             "window": 4, "searchSpace": {"units": {"type": "fixed", "value": 4}}, "objective": "val_accuracy",
             "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}
            """);
        var outDir = Path.Combine(_dir, "moves-out");
        var (code, _, error) = await CliRunner.RunAsync("run", spec, "--workers", "1", "--db", Path.Combine(_dir, "moves.db"), "--out", outDir);
        Assert.True(code == 0, error);

        // Without --data: every window of the job's own CSV, as with --data naming it (it said "data.target: a forecast
        // needs the column to forecast").
        var (ownCode, own, ownError) = await CliRunner.RunAsync("predict", outDir);
        Assert.True(ownCode == 0, ownError);
        var (givenCode, given, givenError) = await CliRunner.RunAsync("predict", outDir, "--data", csv);
        Assert.True(givenCode == 0, givenError);
        Assert.Equal(given, own);
        Assert.Equal(1 + (80 - 4 + 1), own.Trim().Split('\n').Length); // the header and one row per window of 4 rows

        // A CSV without the first feature names it as a feature (it said "column 'x' (target) not found").
        var noX = File("no-x.csv", "y,state\n1,up\n2,down\n3,up\n4,down\n5,up\n");
        Assert.StartsWith($"--data: {noX} line 1: column 'x' (feature) not found", await Invalid("predict", outDir, "--data", noX));
    }

    [Fact]
    public async Task Generate_refuses_a_checkpoint_from_another_run_whatever_its_vocabulary()
    {
        // Two tiny character models: one on 9 distinct characters, one on 28 (each vocabulary one id more, for the unknown). Each folder's best-model.json paired with
        // the other's checkpoint used to generate: garbage (newlines) from the smaller table, U+FFFD from the larger, exit 0.
        async Task<string> Train(string name, string text)
        {
            var path = File(name + ".txt", string.Concat(Enumerable.Repeat(text, 40)));
            var spec = File(name + ".json", $$$"""
                {"name": "{{{name}}}", "task": "generate", "data": {"kind": "text", "path": "{{{path}}}"}, "window": 4,
                 "searchSpace": {"units": {"type": "fixed", "value": 4}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}
                """);
            var outDir = Path.Combine(_dir, "out-" + name);
            var (code, _, error) = await CliRunner.RunAsync("run", spec, "--workers", "1", "--db", Path.Combine(_dir, name + ".db"), "--out", outDir);
            Assert.True(code == 0, error);
            return outDir;
        }
        var small = await Train("small", "hello world. ");
        var large = await Train("large", "the quick brown fox jumps over a lazy dog. ");
        foreach (var (description, checkpoint, expected) in new[] { (small, large, "10 ids; the model's has 29"), (large, small, "29 ids; the model's has 10") })
        {
            var mixed = Directory.CreateDirectory(Path.Combine(_dir, $"mixed-{Path.GetFileName(description)}")).FullName;
            System.IO.File.Copy(Path.Combine(description, "best-model.json"), Path.Combine(mixed, "best-model.json"));
            System.IO.File.Copy(Path.Combine(checkpoint, "best-model.ckpt"), Path.Combine(mixed, "best-model.ckpt"));
            var said = await Invalid("generate", mixed, "--prompt", "hello", "--length", "10", "--seed", "1");
            Assert.True(said.StartsWith($"MODEL: {mixed}: the model's checkpoint does not match its description (best-model.json): the description's vocabulary has " + expected, StringComparison.Ordinal), said);
        }
    }

    [Fact]
    public async Task Predict_on_the_output_of_a_job_that_ended_without_a_best_model_says_so_even_where_an_earlier_run_left_one()
    {
        // Every trial diverges (SGD at a learning rate of 1e5): the job fails, its folder has results.json but no model.
        var spec = File("div.json", """
            {"name": "div", "data": {"kind": "sine", "length": 200}, "window": 5, "optimizer": "sgd",
             "searchSpace": {"learning_rate": {"type": "fixed", "value": 100000}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 2}}
            """);
        var outDir = Path.Combine(_dir, "div-out");
        // The folder holds an earlier run's best model: predict used it beside this run's results.json of a failed job.
        Directory.CreateDirectory(outDir);
        await System.IO.File.WriteAllTextAsync(Path.Combine(outDir, "best-model.json"), """{"format": "tuner-best-model/2"}""");
        await System.IO.File.WriteAllTextAsync(Path.Combine(outDir, "best-model.ckpt"), "an earlier run's");
        var (code, _, error) = await CliRunner.RunAsync("run", spec, "--workers", "1", "--db", Path.Combine(_dir, "div.db"), "--out", outDir);
        Assert.True(code == ExitCodes.RuntimeFailure, $"exit {code}: {error}");
        Assert.False(System.IO.File.Exists(Path.Combine(outDir, "best-model.json")));
        Assert.False(System.IO.File.Exists(Path.Combine(outDir, "best-model.ckpt")));
        Assert.Equal($"MODEL: {outDir} holds the results of job 'div', which ended failed without a best model (no trial produced its objective: see results.json)",
            await Invalid("predict", outDir));
    }
}
