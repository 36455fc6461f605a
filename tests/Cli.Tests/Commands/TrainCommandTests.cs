using System.Globalization;
using System.Text.Json;

namespace Tuner.Cli.Tests.Commands;

public sealed class TrainCommandTests
{
    private const string SmallJob = """
        {
          "name": "tiny",
          "seed": 7,
          "data": { "kind": "sine", "length": 200, "noise": 0.1 },
          "window": 5,
          "searchSpace": {
            "units":   { "type": "int", "min": 8, "max": 64, "step": 8, "default": 16 },
            "dropout": { "type": "float", "min": 0.0, "max": 0.5, "step": 0.1 }
          },
          "algorithm": { "type": "random", "maxTrials": 3, "epochs": 4 }
        }
        """;

    /// <summary><see cref="SmallJob"/> on a longer series with a longer window (and whatever fields follow it).</summary>
    private static string LongWindow(int length, string window) =>
        SmallJob.Replace("\"length\": 200", $"\"length\": {length}").Replace("\"window\": 5", $"\"window\": {window}");

    [Fact]
    public async Task Trains_the_default_configuration_with_overrides_and_prints_the_history()
    {
        using var job = new CliRunner.TempFile(SmallJob);
        var (code, output, _) = await CliRunner.RunAsync("train", job.Path, "--set", "dropout=0.2", "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(16, root.GetProperty("hyperparameters").GetProperty("units").GetInt32());
        Assert.Equal(0.2, root.GetProperty("hyperparameters").GetProperty("dropout").GetDouble());
        Assert.Equal(4, root.GetProperty("epochs").GetInt32());   // the random search's epochs
        Assert.Equal([1, 2, 3, 4], root.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
        Assert.All(root.GetProperty("history").EnumerateArray(), e => Assert.True(e.GetProperty("val_loss").GetDouble() > 0));
    }

    [Fact]
    public async Task Dash_trains_the_spec_piped_to_standard_input_to_the_same_history_as_its_file()
    {
        using var job = new CliRunner.TempFile(SmallJob);
        var (_, fromFile, _) = await CliRunner.RunAsync("train", job.Path, "--epochs", "2", "--json");
        // It said "-: file not found".
        var (code, piped, error) = await Processes.PipedTuner.RunAsync(SmallJob, ["train", "-", "--epochs", "2", "--json"]);
        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        Assert.Equal(History(fromFile), History(piped));

        // The losses, which the seed fixes (not the seconds).
        static string History(string output) => string.Join(",", JsonDocument.Parse(output).RootElement.GetProperty("history").EnumerateArray()
            .Select(e => e.GetProperty("loss").GetRawText() + "/" + e.GetProperty("val_loss").GetRawText()));
    }

    [Fact]
    public async Task A_configuration_too_large_to_train_is_refused_with_exit_2_naming_what_to_lower()
    {
        // 2.95 billion parameters: the count overflowed an int (exit 1); without bidirectional, 16 GB of training state.
        using var job = new CliRunner.TempFile(SmallJob);
        var (code, output, error) = await CliRunner.RunAsync("train", job.Path, "--set", "units=4096", "--set", "layers=8", "--set", "bidirectional=true", "--epochs", "1");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("", output);
        Assert.Equal("--set: the model (lstm, units 4096, layers 8, bidirectional) has 2,953,355,265 parameters; at most 134,217,728 are trained " +
            "(2 GiB of training state: each parameter's weight, gradient and two optimizer moments): lower units or layers, or set bidirectional=false", error.Trim());
    }

    [Fact]
    public async Task A_configuration_whose_gates_for_a_batch_pass_one_array_is_refused_with_exit_2_naming_what_to_lower()
    {
        // 2,000 steps × batch 8,192 × 4 gates × 512 units: "Arithmetic operation resulted in an overflow", exit 1, before.
        using var job = new CliRunner.TempFile(LongWindow(length: 20_000, window: "2000"));
        var (code, output, error) = await CliRunner.RunAsync("train", job.Path, "--set", "units=512", "--set", "batch_size=8192", "--epochs", "1");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("", output);
        Assert.Equal("--set: the model keeps 33,554,432,000 values per layer for one batch (2000 steps × batch 8192 × 4 gates × 512 units), " +
            "more than one array holds (2,147,483,591): lower window, batch_size or units", error.Trim());
    }

    [Fact]
    public async Task A_configuration_is_judged_by_its_larger_batch_the_validation_sets_when_that_is_larger()
    {
        // validationSplit 0.99: 23 training samples, 2,277 validation ones, which are evaluated in batches of 2,277.
        using var job = new CliRunner.TempFile(LongWindow(length: 3300, window: "1000, \"validationSplit\": 0.99"));
        var (code, _, error) = await CliRunner.RunAsync("train", job.Path, "--set", "units=256", "--set", "batch_size=65536", "--epochs", "1");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("--set: the model keeps 2,331,648,000 values per layer for one batch (1000 steps × batch 2277 × 4 gates × 256 units)", error.Trim());
    }

    [Fact]
    public async Task The_table_lists_every_epoch_and_the_best()
    {
        using var job = new CliRunner.TempFile(SmallJob);
        var (code, output, _) = await CliRunner.RunAsync("train", job.Path, "--epochs", "2");
        Assert.Equal(ExitCodes.Success, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("   1/2", lines[1]);
        Assert.StartsWith("   2/2", lines[2]);
        Assert.StartsWith("best val_loss", lines[3]);
    }

    [Fact]
    public async Task The_best_epoch_is_the_objectives_as_the_search_would_rank_it()
    {
        // "objective": "loss": the lowest training loss counts, not the lowest val_loss.
        using var job = new CliRunner.TempFile(SmallJob.Replace("\"window\": 5,", "\"window\": 5, \"objective\": \"loss\","));
        var (_, json, _) = await CliRunner.RunAsync("train", job.Path, "--epochs", "6", "--json");
        var history = JsonDocument.Parse(json).RootElement.GetProperty("history").EnumerateArray()
            .Select(e => (Epoch: e.GetProperty("epoch").GetInt32(), Loss: e.GetProperty("loss").GetDouble())).ToList();
        var best = history.MinBy(e => e.Loss);

        var (code, table, _) = await CliRunner.RunAsync("train", job.Path, "--epochs", "6");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"best loss {best.Loss.ToString("G4", CultureInfo.InvariantCulture)} at epoch {best.Epoch} ", table);
    }

    [Theory]
    [InlineData("", "(standardized units; RMSE ")]
    [InlineData("\"normalize\": \"none\",", "(the target's units; RMSE ")]
    // The loss holds the l2 penalty: its square root is no forecast error.
    [InlineData("\"searchSpace\": { \"l2\": { \"type\": \"float\", \"min\": 0, \"max\": 0.1, \"default\": 0.01 },", "(standardized units, including the l2 penalty, so no RMSE)")]
    public async Task The_best_loss_names_its_units_and_an_RMSE_only_without_l2(string change, string expected)
    {
        var spec = change.StartsWith("\"searchSpace\"", StringComparison.Ordinal)
            ? SmallJob.Replace("\"searchSpace\": {", change)
            : SmallJob.Replace("\"window\": 5,", "\"window\": 5, " + change);
        using var job = new CliRunner.TempFile(spec);
        var (code, output, _) = await CliRunner.RunAsync("train", job.Path, "--epochs", "1");
        Assert.Equal(ExitCodes.Success, code);
        var best = output.Split('\n').Single(l => l.StartsWith("best val_loss", StringComparison.Ordinal));
        Assert.Contains(expected, best);
    }

    [Fact]
    public async Task With_a_trial_id_it_trains_that_trial_of_tuner_run_again_to_the_same_history()
    {
        // Retraining the best configuration gave other numbers: tuner run trains each trial from a seed of its own.
        using var job = new CliRunner.TempFile(SmallJob);
        var dir = Directory.CreateTempSubdirectory("tuner-train-trial-").FullName;
        try
        {
            var (code, _, error) = await CliRunner.RunAsync("run", job.Path, "--workers", "1", "--db", Path.Combine(dir, "t.db"), "--out", Path.Combine(dir, "out"));
            Assert.True(code == 0, error);
            using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "results.json")));
            var trial = results.RootElement.GetProperty("trials").EnumerateArray().First(t => t.GetProperty("trialId").GetString() == "t-0002");
            string[] sets = [.. trial.GetProperty("hyperparameters").EnumerateObject().SelectMany(p => new[] { "--set", $"{p.Name}={p.Value.GetRawText()}" })];
            var recorded = trial.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("val_loss").GetDouble()).ToList();

            var (again, output, againError) = await CliRunner.RunAsync(["train", job.Path, "--trial", "t-0002", .. sets, "--json"]);
            Assert.True(again == 0, againError);
            using var trained = JsonDocument.Parse(output);
            Assert.Equal(recorded, trained.RootElement.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("val_loss").GetDouble()));
            // Without it, the job's seed: another start.
            var (_, plain, _) = await CliRunner.RunAsync(["train", job.Path, .. sets, "--json"]);
            using var plainDoc = JsonDocument.Parse(plain);
            Assert.NotEqual(recorded, plainDoc.RootElement.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("val_loss").GetDouble()));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--trial", "7", "--trial: '7' is not a trial id; give one as results.json names it, e.g. t-0007")]
    // Ids no run makes, which trained from seeds of their own.
    [InlineData("--trial", "t-00007", "--trial: 't-00007' is not a trial id; give one as results.json names it, e.g. t-0007")]
    [InlineData("--trial", "t-0000", "--trial: 't-0000' is not a trial id; give one as results.json names it, e.g. t-0007")]
    [InlineData("--trial", "t-7000000000000000000000", "--trial: 't-7000000000000000000000' is not a trial id; give one as results.json names it, e.g. t-0007")]
    [InlineData("--set", "units=0", "--set units=0: units")]
    [InlineData("--set", "colour=red", "--set colour=red: unknown hyperparameter")]
    [InlineData("--epochs", "0", "--epochs: must be an integer from 1 to 10000 (got 0)")]
    [InlineData("--epochs", "10001", "--epochs: must be an integer from 1 to 10000 (got 10001)")] // what a job spec's epochs allow
    [InlineData("--threads", "0", "--threads: must be an integer from 1 to 256 (got 0)")]
    public async Task Bad_flags_are_invalid_input_naming_the_flag(string flag, string value, string expected)
    {
        using var job = new CliRunner.TempFile(SmallJob);
        var (code, _, error) = await CliRunner.RunAsync("train", job.Path, flag, value);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task A_bad_csv_value_names_the_row_and_column()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"tuner-test-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(csv, ["day,temp", .. Enumerable.Range(0, 30).Select(i => $"{i},{(i == 12 ? "warm" : i.ToString())}")]);
        try
        {
            using var job = new CliRunner.TempFile(SmallJob.Replace("""{ "kind": "sine", "length": 200, "noise": 0.1 }""",
                $$"""{ "kind": "csv", "path": "{{csv}}", "target": "temp" }"""));
            var (code, _, error) = await CliRunner.RunAsync("train", job.Path);
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("line 14", error);
            Assert.Contains("temp", error);
            Assert.Contains("warm", error);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task A_window_that_leaves_one_sample_of_a_csv_names_the_window_not_the_split()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"tuner-test-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(csv, ["day,temp", .. Enumerable.Range(0, 60).Select(i => $"{i},{i % 7}")]);
        try
        {
            using var job = new CliRunner.TempFile(SmallJob.Replace("""{ "kind": "sine", "length": 200, "noise": 0.1 }""",
                $$"""{ "kind": "csv", "path": "{{csv}}", "target": "temp" }""").Replace("\"window\": 5", "\"window\": 59"));
            var (code, _, error) = await CliRunner.RunAsync("train", job.Path);
            Assert.Equal(ExitCodes.InvalidInput, code);
            // It said "validationSplit: … lower validationSplit or use more data": no split divides one sample.
            Assert.Equal("window: window 59 and horizon 1 leave 1 sample of the series' 60 rows, split into 0 training and 1 validation; "
                + "need a training and a validation sample: use a smaller window or more rows.", error.Trim());
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task A_window_longer_than_the_series_is_invalid_input_naming_window()
    {
        using var job = new CliRunner.TempFile(SmallJob.Replace("\"length\": 200", "\"length\": 30").Replace("\"window\": 5", "\"window\": 40"));
        var (code, _, error) = await CliRunner.RunAsync("train", job.Path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        // The field, what is wrong with it and the fix: nothing else (no stack trace, no second error).
        Assert.Equal("window: window 40 and horizon 1 leave 0 samples of data.length 30; "
            + "need 2 (a training and a validation sample): use a smaller window or a longer series", error.Trim());
    }
}
