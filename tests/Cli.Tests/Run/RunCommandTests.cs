using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tuner.Cli.Hosting;
using Tuner.Cli.Tests.Commands;
using Tuner.Cli.Tests.Processes;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Jobs;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;

namespace Tuner.Cli.Tests.Run;

/// <summary><c>tuner run</c> in-process on a real SQLite journal: outputs, resume without retraining,
/// refusal of a changed search, --json, and determinism across fresh databases.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-run-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private const string Job = """
        {
          "name": "tiny-run",
          "seed": 3,
          "data": { "kind": "sine", "length": 160, "noise": 0.1 },
          "window": 5,
          "searchSpace": {
            "units":         { "type": "int", "min": 4, "max": 12, "step": 4 },
            "learning_rate": { "type": "float", "min": 1e-3, "max": 1e-2, "sampling": "log" }
          },
          "algorithm": { "type": "hyperband", "maxEpochs": 4, "factor": 2 }
        }
        """;

    private string Spec(string text = Job)
    {
        var path = Path.Combine(_dir, "job.json");
        File.WriteAllText(path, text);
        return path;
    }

    private Task<(int Code, string Out, string Error)> Run(string spec, string db, string outDir, params string[] extra) =>
        CliRunner.RunAsync(["run", spec, "--workers", "2", "--db", Path.Combine(_dir, db), "--out", Path.Combine(_dir, outDir), .. extra]);

    private JsonNode Results(string outDir) => JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, outDir, "results.json")))!;

    [Fact]
    public async Task A_run_completes_the_schedule_writes_the_outputs_and_a_rerun_resumes_without_training()
    {
        var spec = Spec();
        var (code, output, error) = await Run(spec, "a.db", "out");
        Assert.True(code == 0, $"exit {code}: {error}");
        var results = Results("out");
        Assert.Equal("completed", (string?)results["status"]);
        // Hyperband R=4, η=2 (tuner plan): brackets 2 (4×1 → 2×2 → 1×4), 1 (3×2 → 1×4), 0 (3×4):
        // 10 configurations, 28 epochs when promoted trials resume from their checkpoints.
        Assert.Equal(10, results["trials"]!.AsArray().Count);
        Assert.Equal(28, (long)results["totalEpochs"]!);
        Assert.All(results["trials"]!.AsArray(), t => Assert.Contains((string?)t!["status"], new[] { "completed", "stopped" }));
        foreach (var file in new[] { "results.json", "trials.csv", "report.html", "best-model.ckpt", "best-model.json" })
            Assert.True(File.Exists(Path.Combine(_dir, "out", file)), file);
        // report.html carries its data, inlined: the job (results without trials), the curves summary, the trial table.
        var report = File.ReadAllText(Path.Combine(_dir, "out", "report.html"));
        Assert.Contains("<script type=\"application/json\" id=\"tuner-results\">{\"job\":{\"job\":\"tiny-run\"", report);
        Assert.Contains("\"curves\":{\"metric\":\"val_loss\"", report);
        Assert.Contains("\"points\":{\"objective\":\"val_loss\"", report);
        Assert.DoesNotContain(" src=", report);
        Assert.Contains("best trial", output);
        // The finished job's subscription ends with it: shutting down resubmitted the job to a stopped job manager,
        // which logged the whole spec as a dead letter on every piped run.
        Assert.DoesNotContain("dead letters", error);
        // Redirected (as here), the table keeps no cell padding at line ends.
        Assert.All(output.Split('\n'), line => Assert.False(line.EndsWith(' '), $"line ends with spaces: '{line}'"));
        Assert.Equal(11, File.ReadAllLines(Path.Combine(_dir, "out", "trials.csv")).Length);

        var before = File.ReadAllText(Path.Combine(_dir, "out", "results.json"));
        var (again, _, againError) = await Run(spec, "a.db", "out2");
        Assert.Equal(0, again);
        Assert.Contains("Resuming job tiny-run", againError);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, "out2", "results.json")));
    }

    [Theory]
    [InlineData("a-file", "is a file; give a folder")]
    [InlineData("a-file/out", "--out: cannot create the folder")]
    [InlineData("/proc/tuner-out", "--out: cannot write to /proc (to create /proc/tuner-out): the file system refuses new files there; give a folder you can write to")]
    public async Task An_out_that_cannot_be_a_folder_is_refused_before_any_training(string outDir, string expected)
    {
        File.WriteAllText(Path.Combine(_dir, "a-file"), "not a folder");
        var (code, _, error) = await Run(Spec(), "out.db", outDir);
        Assert.True(code == ExitCodes.InvalidInput, $"exit {code}: {error}");
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out.db.checkpoints")), "checkpoints were stored: trials trained");
    }

    [Fact]
    public async Task A_db_below_a_file_names_the_file()
    {
        File.WriteAllText(Path.Combine(_dir, "a-file"), "not a folder");
        var (code, _, error) = await Run(Spec(), "a-file/sub/tuner.db", "out");
        Assert.True(code == ExitCodes.InvalidInput, $"exit {code}: {error}");
        // It said "The file '…/a-file' already exists." (CreateDirectory's words).
        Assert.Contains($"{Path.Combine(_dir, "a-file")} is a file, not a folder; give a path in a folder", error);
        // tuner run reads --db only: the message named TUNER_DB too, which run ignores.
        Assert.StartsWith("--db: cannot use SQLite", error.Trim());
    }

    [Fact]
    public async Task A_postgres_db_that_cannot_be_reached_fails_at_once_as_the_environment_not_the_input()
    {
        // A coordinator waits for it (--db-wait); a run, watched by the person who started it, says so straight away.
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        int port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, error) = await CliRunner.RunAsync(["run", Spec(), "--db", $"Host=127.0.0.1;Port={port};Database=tuner", "--out", Path.Combine(_dir, "pg-out")]);
        Assert.True(code == ExitCodes.RuntimeFailure, $"exit {code}: {error}");
        Assert.Equal($"error: --db: cannot reach PostgreSQL 127.0.0.1:{port}/tuner: Failed to connect to 127.0.0.1:{port}: Connection refused", error.Trim());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed.TotalSeconds:F0} s");
    }

    [Fact]
    public async Task A_second_run_on_a_journal_in_use_is_refused_before_it_trains()
    {
        // As another tuner run process holds it: an exclusive lock on <db>.lock (flock).
        var db = Path.Combine(_dir, "busy.db");
        using (var held = new FileStream(db + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var (code, _, error) = await Run(Spec(), "busy.db", "busy-out");
            Assert.True(code == ExitCodes.InvalidInput, $"exit {code}: {error}");
            Assert.Contains($"--db: {db} is in use by another tuner process (a tuner run, or a coordinator)", error);
            Assert.False(Directory.Exists(db + ".checkpoints"), "checkpoints were stored: trials trained");
        }
        var (again, _, failure) = await Run(Spec(), "busy.db", "busy-out");
        Assert.True(again == 0, $"the lock outlived the run that held it: exit {again}: {failure}");
    }

    [Fact]
    public async Task A_changed_search_is_refused_with_what_differs()
    {
        var db = "b.db";
        Assert.Equal(0, (await Run(Spec(), db, "o1")).Code);
        var changed = Spec(Job.Replace("\"max\": 12", "\"max\": 16"));
        var (code, _, error) = await Run(changed, db, "o2");
        Assert.Equal(2, code);
        Assert.Contains("searchSpace.units.max", error);
    }

    [Fact]
    public async Task A_data_file_changed_under_a_job_is_refused_as_changed_data_not_as_a_changed_path()
    {
        var spec = CsvSpec();
        Assert.Equal(0, (await Run(spec, "e.db", "e1")).Code);
        File.AppendAllText(Path.Combine(_dir, "series.csv"), "0.5\n");
        var (code, _, error) = await Run(spec, "e.db", "e2");
        Assert.Equal(2, code);
        Assert.Contains("data: the data file's contents changed since the job started (the job keeps the data as it was then)", error);
        Assert.DoesNotContain("data/", error);
    }

    [Fact]
    public async Task A_csv_uploaded_to_a_coordinator_is_refused_before_the_node_starts()
    {
        var dataset = "sha256:" + new string('0', 64);
        var spec = Spec(Job.Replace("""{ "kind": "sine", "length": 160, "noise": 0.1 }""", $$"""{ "kind": "csv", "dataset": "{{dataset}}", "target": "value" }"""));
        var (code, _, error) = await Run(spec, "dataset.db", "dataset-out");
        Assert.True(code == ExitCodes.InvalidInput, $"exit {code}: {error}");
        // It came after the node's logs, from the job manager, saying to upload the CSV to "this coordinator" (PUT /api/datasets).
        Assert.Equal($"data.dataset: {dataset} is a CSV uploaded to a coordinator; only the cluster reads it (tuner submit), here give data.path", error.Trim());
    }

    /// <summary>A spec of a csv job whose CSV (a sine, 160 rows) is in series.csv.</summary>
    private string CsvSpec(string job = Job)
    {
        File.WriteAllText(Path.Combine(_dir, "series.csv"), "value\n" + string.Join("\n", Enumerable.Range(0, 160).Select(i => Math.Sin(i / 5.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n");
        return Spec(job.Replace("""{ "kind": "sine", "length": 160, "noise": 0.1 }""", """{ "kind": "csv", "path": "series.csv", "target": "value" }"""));
    }

    [Fact]
    public async Task Dash_runs_the_spec_from_standard_input_as_the_job_of_its_name_and_again_resumes_it()
    {
        var job = File.ReadAllText(CsvSpec()); // data.path "series.csv": in the current directory, for a piped spec
        var cwd = Directory.CreateDirectory(Path.Combine(_dir, "cwd")).FullName;
        File.Move(Path.Combine(_dir, "series.csv"), Path.Combine(cwd, "series.csv"));
        string[] args = ["run", "-", "--workers", "2", "--db", Path.Combine(_dir, "piped.db")];

        // It said "-: file not found".
        var (code, _, error) = await PipedTuner.RunAsync(job, args, cwd);
        Assert.True(code == 0, $"exit {code}: {error}");
        // The job and its outputs are the spec's name's, as for a file: there is no file name to take them from.
        var results = File.ReadAllText(Path.Combine(cwd, "tuner-out", "tiny-run", "results.json"));
        Assert.Equal("completed", (string?)JsonNode.Parse(results)!["status"]);

        var (again, _, againError) = await PipedTuner.RunAsync(job, [.. args, "--out", Path.Combine(_dir, "again")], cwd);
        Assert.True(again == 0, $"exit {again}: {againError}");
        Assert.Contains("Resuming job tiny-run", againError);
        Assert.Equal(results, File.ReadAllText(Path.Combine(_dir, "again", "results.json")));
    }

    [Fact]
    public async Task A_finished_job_whose_data_file_is_gone_is_reported_from_the_journal()
    {
        var spec = CsvSpec();
        var (code, output, error) = await Run(spec, "gone.db", "g1");
        Assert.True(code == 0, $"exit {code}: {error}");
        File.Delete(Path.Combine(_dir, "series.csv"));

        // Run again to get the table again: it said "data.path: file not found" (exit 2).
        var (again, againOutput, againError) = await Run(spec, "gone.db", "g2");
        Assert.True(again == 0, $"exit {again}: {againError}");
        Assert.Contains($"data.path: file not found: {Path.Combine(_dir, "series.csv")}; job tiny-run finished in", againError);
        Assert.Equal(output.Replace("g1", "g2"), againOutput);
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "g1", "results.json")), File.ReadAllText(Path.Combine(_dir, "g2", "results.json")));
        // The best model and its report come from the copy of the data stored with the job.
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "g1", "best-model.json")), File.ReadAllText(Path.Combine(_dir, "g2", "best-model.json")));
        Assert.Equal(Support.ReportFile.ModelReport(Path.Combine(_dir, "g1")).ToJsonString(), Support.ReportFile.ModelReport(Path.Combine(_dir, "g2")).ToJsonString());

        // Another search is another job: without its data it cannot run.
        var changed = Spec(File.ReadAllText(spec).Replace("\"max\": 12", "\"max\": 16"));
        var (refused, _, refusal) = await Run(changed, "gone.db", "g3");
        Assert.True(refused == ExitCodes.InvalidInput, $"exit {refused}: {refusal}");
        Assert.Equal($"data.path: file not found: {Path.Combine(_dir, "series.csv")}", refusal.Trim());
    }

    [Fact]
    public async Task A_job_whose_data_file_is_gone_is_refused_unless_it_finished()
    {
        var spec = CsvSpec();
        var db = DatabaseTarget.Parse(Path.Combine(_dir, "unfinished.db"));
        // Submitted and never trained, as a run interrupted at once leaves it: a local node without workers.
        using (var host = LocalNode.Build(db, BlobStores.For(db), workers: 0, _dir))
        {
            await host.StartAsync();
            var manager = ActorRegistry.For(host.Services.GetRequiredService<ActorSystem>()).Get<JobManagerKey>();
            Assert.IsType<JobProtocol.JobAccepted>(await manager.Ask<ITunerMessage>(new JobProtocol.SubmitJob(File.ReadAllText(spec), "tiny-run"), TimeSpan.FromSeconds(15)));
            await host.StopAsync();
        }
        File.Delete(Path.Combine(_dir, "series.csv"));

        var (code, _, error) = await Run(spec, "unfinished.db", "u");
        Assert.True(code == ExitCodes.InvalidInput, $"exit {code}: {error}");
        Assert.Contains($"data.path: file not found: {Path.Combine(_dir, "series.csv")}", error);
        Assert.False(File.Exists(Path.Combine(_dir, "u", "results.json")));
        // Where no such job was ever run, the error is all there is, as tuner validate says it.
        var (validated, _, expected) = await CliRunner.RunAsync("validate", spec);
        Assert.Equal(ExitCodes.InvalidInput, validated);
        var (fresh, _, freshError) = await Run(spec, "fresh.db", "f");
        Assert.Equal((ExitCodes.InvalidInput, expected), (fresh, freshError));
        Assert.False(File.Exists(Path.Combine(_dir, "fresh.db")), "a refusal created the --db it named");
    }

    [Theory]
    [InlineData("value\n0.5\n0.25\nabc\n0.75\n", "value")]   // a cell that is not a number
    [InlineData("value\n0.5\n0.25\n0.75\n", "temperature")]  // a target column the file does not have
    public async Task Bad_data_is_refused_before_the_node_starts_in_the_words_of_tuner_validate(string csv, string target)
    {
        File.WriteAllText(Path.Combine(_dir, "series.csv"), csv);
        var spec = Spec(Job.Replace("""{ "kind": "sine", "length": 160, "noise": 0.1 }""", $$"""{ "kind": "csv", "path": "series.csv", "target": "{{target}}" }"""));
        var (validated, _, expected) = await CliRunner.RunAsync("validate", spec);
        Assert.Equal(ExitCodes.InvalidInput, validated);
        var (code, output, error) = await Run(spec, "bad.db", "bad-out");
        Assert.True(code == ExitCodes.InvalidInput, $"exit {code}: {error}");
        // Piped, it followed the local node's start and stop logs ("Worker local-1 offers slots: 1", "CoordinatedShutdown invoked").
        Assert.Equal(expected, error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Json_prints_exactly_results_json_and_runs_are_deterministic_across_fresh_databases()
    {
        var spec = Spec();
        var (code1, out1, _) = await Run(spec, "c.db", "c", "--json");
        var (code2, out2, _) = await Run(spec, "d.db", "d", "--json");
        Assert.Equal((0, 0), (code1, code2));
        var first = JsonNode.Parse(out1)!;      // stdout is one JSON document
        Assert.Equal(Results("c").ToJsonString(), first.ToJsonString());
        Assert.Equal(Comparable(first), Comparable(JsonNode.Parse(out2)!));
    }

    /// <summary>examples/csv-gru.json as a user runs it: ASHA over a CSV with two features and a stacked GRU. ASHA has no
    /// fixed plan (it promotes from whatever results are in), so what it promises is checked instead: the trial budget
    /// spent exactly, every trial ended at a rung (1, 3, 9 or 27 epochs), someone reached the top rung, promoted trials
    /// resumed rather than retrained (the epochs trained are the epochs in the histories), and the best is the lowest.</summary>
    [Fact]
    public async Task The_asha_example_on_a_csv_runs_as_a_job_to_its_trial_budget()
    {
        var spec = Path.Combine(Support.Repository.Root, "examples", "csv-gru.json");
        var (code, _, error) = await Run(spec, "asha.db", "asha");
        Assert.True(code == 0, $"exit {code}: {error}");
        var results = Results("asha");
        Assert.Equal(("completed", "asha"), ((string?)results["status"], (string?)results["algorithm"]));
        var trials = results["trials"]!.AsArray();
        Assert.Equal(30, trials.Count);
        Assert.All(trials, t => Assert.Contains((string?)t!["status"], new[] { "completed", "stopped" }));
        Assert.All(trials, t => Assert.Contains(t!["history"]!.AsArray().Count, new[] { 1, 3, 9, 27 }));
        Assert.Contains(trials, t => t!["history"]!.AsArray().Count == 27);
        Assert.Equal(trials.Sum(t => t!["history"]!.AsArray().Count), (long)results["totalEpochs"]!);
        var best = trials.MinBy(t => (double)t!["val_loss"]!)!;
        Assert.Equal((string?)best["trialId"], (string?)results["best"]!["trialId"]);
    }

    [Fact]
    public async Task The_best_model_is_the_best_trial_at_its_best_epoch_not_its_last()
    {
        // examples/quick-sine.json: its best trial's lowest val_loss comes from an epoch before its last (issue 16: t-0007's
        // 0.02713 came from epoch 4 of 9), so a model saved at the last epoch is a different, worse state.
        var spec = Path.Combine(Support.Repository.Root, "examples", "quick-sine.json");
        var (code, output, error) = await Run(spec, "q.db", "q");
        Assert.True(code == 0, error);
        var results = Results("q");
        var best = results["best"]!;
        var trial = results["trials"]!.AsArray().Single(t => (string?)t!["trialId"] == (string?)best["trialId"])!;
        var history = trial["history"]!.AsArray().Select(e => (Epoch: (int)e!["epoch"]!, ValLoss: (double)e["val_loss"]!)).ToList();
        var bestEpoch = history.OrderBy(e => e.ValLoss).First();
        Assert.True(bestEpoch.Epoch < history[^1].Epoch, $"the best trial's best epoch {bestEpoch.Epoch} is its last: the test shows nothing");
        Assert.Equal(bestEpoch.Epoch, (int)best["bestEpoch"]!);
        Assert.Equal(bestEpoch.ValLoss, (double)best["val_loss"]!);
        // The summary line says so too (it said "after 9 epochs", read as the last epoch's value).
        Assert.Contains($"best trial {(string?)best["trialId"]}: val_loss", output + error);
        Assert.Contains($" at epoch {bestEpoch.Epoch} of {history[^1].Epoch}, ", output + error);

        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "q", "best-model.json")))!;
        // "epoch" is read back from the checkpoint itself (the epochs its state has trained).
        Assert.Equal(bestEpoch.Epoch, (int)info["epoch"]!);
        Assert.Equal(bestEpoch.ValLoss, (double)info["val_loss"]!);
        Assert.Contains("@", (string?)best["checkpoint"]); // the best epoch's own state, stored beside the final checkpoint
    }

    [Fact]
    public async Task With_several_executions_best_model_json_gives_the_models_own_objective_and_the_trials_mean()
    {
        // A trial ranks by the mean of its executions; the model written is one of them, and best-model.json gave the
        // mean as its val_loss (0.068 for a model whose own was 0.029: the report's RMSE said otherwise).
        var spec = Path.Combine(_dir, "executions.json");
        File.WriteAllText(spec, """
            {"name": "executions", "seed": 3, "data": {"kind": "sine", "length": 300, "noise": 0.2}, "window": 8,
             "searchSpace": {"units": {"type": "int", "min": 4, "max": 8, "step": 4}},
             "algorithm": {"type": "random", "maxTrials": 2, "executionsPerTrial": 2, "epochs": 3}}
            """);
        var (code, _, error) = await Run(spec, "x.db", "x");
        Assert.True(code == 0, error);
        var best = Results("x")["best"]!;
        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "x", "best-model.json")))!;
        Assert.Equal((double)best["val_loss"]!, (double)info["trialMean"]!);
        var own = (double)info["val_loss"]!;
        Assert.NotEqual((double)best["val_loss"]!, own);
        // The model's own val_loss is the MSE of its validation forecasts in standardized units: the report's RMSE.
        var rmse = (double)Support.ReportFile.ModelReport(Path.Combine(_dir, "x"))["forecast"]!["rmse"]!;
        var std = (double)info["normalization"]!["targetStd"]!;
        Assert.Equal(own, rmse * rmse / (std * std), 4);
    }

    /// <summary>results.json without what legitimately varies between runs: timing and which worker ran a trial.</summary>
    private static string Comparable(JsonNode results)
    {
        foreach (var trial in results["trials"]!.AsArray())
        {
            trial!.AsObject().Remove("seconds");
            trial.AsObject().Remove("worker");
        }
        return results.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
