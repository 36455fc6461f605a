namespace Tuner.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task A_valid_spec_prints_ok_and_exits_0()
    {
        using var job = new CliRunner.TempFile(CliRunner.ValidJob);
        var (code, output, error) = await CliRunner.RunAsync("validate", job.Path);
        Assert.Equal((ExitCodes.Success, "ok"), (code, output.Trim()));
        Assert.Equal("", error);
    }

    [Fact]
    public async Task A_step_too_large_for_one_array_is_refused_judged_by_the_datas_samples()
    {
        // Window 2,000, batch up to 4,096, units up to 128: 4.2e9 gate values per layer with 10,000 points (8,000 samples);
        // the same spec on 3,000 points (1,000 samples, so batches of 1,000 at most) trains.
        string Spec(int length) => CliRunner.ValidJob.Replace("\"window\": 10", "\"window\": 2000")
            .Replace("\"searchSpace\": {", "\"searchSpace\": { \"batch_size\": { \"type\": \"choice\", \"values\": [32, 4096] },")
            .Replace("\"max\": 512", "\"max\": 128").Replace("\"length\": 1000", $"\"length\": {length}");
        using var large = new CliRunner.TempFile(Spec(10_000));
        var (code, _, error) = await CliRunner.RunAsync("validate", large.Path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("searchSpace: the largest model it allows keeps 4,194,304,000 values per layer for one batch (2000 steps × batch 4096 × 4 gates × 128 units)", error);

        using var small = new CliRunner.TempFile(Spec(3_000));
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("validate", small.Path)).Code);
    }

    [Fact]
    public async Task Every_problem_goes_to_stderr_one_per_line_with_exit_2()
    {
        var bad = CliRunner.ValidJob.Replace("\"step\": 32", "\"step\": 0").Replace("\"sine-lstm\"", "\"Sine LSTM\"").Replace("\"maxEpochs\"", "\"maxEpoch\"");
        using var job = new CliRunner.TempFile(bad);
        var (code, output, error) = await CliRunner.RunAsync("validate", job.Path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("", output);
        Assert.Equal(
            [
                "name: must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit (got \"Sine LSTM\"), e.g. \"sine-lstm\"",
                "searchSpace.units.step: must be > 0 (got 0)",
                // One typo, one problem (it was also "algorithm.maxEpochs: is required").
                "algorithm.maxEpoch: unknown field for hyperband; did you mean \"maxEpochs\"?",
            ],
            error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_spec_that_is_not_utf8_is_refused_with_the_conversion_and_a_marked_utf16_one_is_read()
    {
        // Latin-1: decoded into replacement characters, "données.csv" became a path that was not found.
        var latin1 = CliRunner.ValidJob.Replace("\"name\": \"sine-lstm\",", "\"name\": \"sine-lstm\", \"description\": \"données\",");
        var path = Path.Combine(Path.GetTempPath(), $"latin1-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes(latin1));
            var (code, _, error) = await CliRunner.RunAsync("validate", path);
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Matches(@"^\S+\.json is not UTF-8 text \(byte \d+\); convert it to UTF-8, e\.g\. iconv -f latin1 -t utf-8$", error.Trim());
            // UTF-16 without a byte-order mark: "'0x00' is an invalid start of a property name".
            File.WriteAllBytes(path, System.Text.Encoding.Unicode.GetBytes(CliRunner.ValidJob));
            (code, _, error) = await CliRunner.RunAsync("validate", path);
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.EndsWith("holds NUL bytes, as UTF-16 text without a byte-order mark does; convert it to UTF-8, e.g. iconv -f utf-16le -t utf-8", error.Trim());
            // With its mark (what Windows tools write) it is read.
            File.WriteAllBytes(path, [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes(CliRunner.ValidJob)]);
            (code, var output, error) = await CliRunner.RunAsync("validate", path);
            Assert.True(code == ExitCodes.Success && output.Trim() == "ok", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_spec_naming_an_uploaded_dataset_is_valid_and_says_where_its_data_is_checked()
    {
        // tuner submit accepts it; validate refused it (exit 2) because it cannot read the coordinator's CSV.
        var spec = CliRunner.ValidJob.Replace("""{ "kind": "sine", "length": 1000, "noise": 0.1 }""",
            """{ "kind": "csv", "dataset": "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "target": "temp" }""");
        Assert.NotEqual(CliRunner.ValidJob, spec);
        using var job = new CliRunner.TempFile(spec);
        var (code, output, error) = await CliRunner.RunAsync("validate", job.Path);
        Assert.True(code == ExitCodes.Success && output.Trim() == "ok", error);
        Assert.Contains("checked when tuner submit sends the spec", error);
    }

    [Fact]
    public async Task Dash_reads_the_spec_from_standard_input_naming_it_and_its_relative_data_path_from_the_current_directory()
    {
        var dir = Directory.CreateTempSubdirectory("tuner-validate-piped-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "series.csv"), "value\n" + string.Join("\n", Enumerable.Range(0, 200).Select(i => i % 7)) + "\n");
            string CsvJob(string file) => CliRunner.ValidJob.Replace("""{ "kind": "sine", "length": 1000, "noise": 0.1 }""", $$"""{ "kind": "csv", "path": "{{file}}", "target": "value" }""");

            // It said "-: file not found".
            var (code, output, error) = await Processes.PipedTuner.RunAsync(CsvJob("series.csv"), ["validate", "-"], dir);
            Assert.True(code == ExitCodes.Success && output.Trim() == "ok", error);
            Assert.Equal("", error);

            (code, _, error) = await Processes.PipedTuner.RunAsync(CsvJob("missing.csv"), ["validate", "-"], dir);
            Assert.Equal((ExitCodes.InvalidInput, $"data.path: file not found: {Path.Combine(dir, "missing.csv")}"), (code, error.Trim()));

            (code, _, error) = await Processes.PipedTuner.RunAsync("{\n  \"name\": \"x\",\n}", ["validate", "-"], dir);
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.StartsWith("standard input: line 3, position 1: invalid JSON", error.Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_file_is_invalid_input_naming_the_file()
    {
        var (code, _, error) = await CliRunner.RunAsync("validate", "/no/such/job.json");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("/no/such/job.json: file not found", error.Trim());
    }

    [Fact]
    public async Task A_directory_is_invalid_input()
    {
        var (code, _, error) = await CliRunner.RunAsync("validate", Path.GetTempPath());
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("is a directory", error);
    }

    [Fact]
    public async Task Malformed_json_is_one_line_with_its_position()
    {
        using var job = new CliRunner.TempFile("{\n  \"name\": \"x\",\n}");
        var (code, _, error) = await CliRunner.RunAsync("validate", job.Path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        // Named by its file, as every other problem with it is (it said "line 3, position 1: …" of no file).
        Assert.StartsWith($"{job.Path}: line 3, position 1: invalid JSON", error.Trim());
        Assert.DoesNotContain("   at ", error); // never a stack trace
        foreach (var command in new[] { "run", "train", "submit", "plan" })
        {
            var (runCode, _, runError) = await CliRunner.RunAsync(command, job.Path);
            Assert.Equal(ExitCodes.InvalidInput, runCode);
            Assert.Contains($"{job.Path}: line 3, position 1: invalid JSON", runError);
        }
    }

    [Fact]
    public async Task Without_a_file_argument_it_is_a_usage_error()
    {
        var (code, _, _) = await CliRunner.RunAsync("validate");
        Assert.Equal(ExitCodes.InvalidInput, code);
    }

    [Fact]
    public async Task Data_problems_are_reported_too_naming_the_row_and_column()
    {
        var csv = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tuner-validate-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, "t,y\n0,1\n1,NaN\n");
        try
        {
            using var job = new CliRunner.TempFile(CliRunner.ValidJob.Replace(
                "{ \"kind\": \"sine\", \"length\": 1000, \"noise\": 0.1 }", $"{{ \"kind\": \"csv\", \"path\": \"{csv}\", \"target\": \"y\" }}"));
            var (code, output, error) = await CliRunner.RunAsync("validate", job.Path);
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Equal("", output);
            Assert.Contains("line 3", error);
            Assert.Contains("'y'", error);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task A_forecast_csv_that_is_not_utf8_is_refused_with_the_byte_and_a_directory_as_a_directory()
    {
        var dir = Directory.CreateTempSubdirectory("tuner-validate-").FullName;
        try
        {
            // Latin-1 "température" in the header: read leniently it became "temp\uFFFDrature", "column not found".
            var latin = System.IO.Path.Combine(dir, "latin.csv");
            File.WriteAllBytes(latin, [.. "t,temp"u8, 0xE9, .. "rature\n0,1\n1,2\n"u8]);
            var folder = Directory.CreateDirectory(System.IO.Path.Combine(dir, "folder.csv")).FullName;
            foreach (var (path, expected) in new[]
            {
                (latin, $"data.path: {latin} is not UTF-8 text (byte 6); convert it to UTF-8"),
                (folder, $"data.path: {folder} is a directory; give a file"),
            })
            {
                using var job = new CliRunner.TempFile(CliRunner.ValidJob.Replace(
                    "{ \"kind\": \"sine\", \"length\": 1000, \"noise\": 0.1 }", $"{{ \"kind\": \"csv\", \"path\": \"{path}\", \"target\": \"y\" }}"));
                var (code, _, error) = await CliRunner.RunAsync("validate", job.Path);
                Assert.Equal(ExitCodes.InvalidInput, code);
                Assert.Contains(expected, error);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_classify_label_column_that_is_not_there_names_data_label()
    {
        var dir = Directory.CreateTempSubdirectory("tuner-validate-").FullName;
        try
        {
            var csv = System.IO.Path.Combine(dir, "reviews.csv");
            File.WriteAllText(csv, "review,score\ngood,great\nbad,other\n");
            var job = System.IO.Path.Combine(dir, "job.json");
            File.WriteAllText(job, $$$"""
                {"name": "k", "task": "classify", "data": {"kind": "csv", "path": "{{{csv}}}", "text": "review", "label": "label"},
                 "searchSpace": {"units": {"type": "int", "min": 8, "max": 8}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}
                """);
            var (code, _, error) = await CliRunner.RunAsync("validate", job);
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Equal($"data.label: {csv} line 1: column 'label' not found; columns are: review, score", error.Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
