using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Api;
using Tuner.Cli.Tests.Commands;
using Tuner.Cli.Tests.Processes;

namespace Tuner.Cli.Tests.Client;

/// <summary><c>tuner submit / jobs / status / watch / results / cancel</c> (in-process) against a real coordinator:
/// output, exit codes, the server's messages for its refusals, and the URL of a server that cannot be reached.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ClientCommandTests : IDisposable
{
    private readonly ApiServer _server;
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-client-").FullName;

    public ClientCommandTests(ApiServer server)
    {
        _server = server;
        Environment.SetEnvironmentVariable("TUNER_API_TOKEN", ApiServer.Token);
        Environment.SetEnvironmentVariable("TUNER_SERVER", null);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TUNER_API_TOKEN", null);
        Environment.SetEnvironmentVariable("TUNER_SERVER", null);
        Directory.Delete(_dir, recursive: true);
    }

    private Task<(int Code, string Out, string Error)> Tuner(params string[] args) => CliRunner.RunAsync([.. args, "--server", _server.Url]);

    private string SpecFile(string text, string name = "job.json")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Submit_prints_the_id_and_watch_follows_the_job_to_its_best_trials()
    {
        var (code, output, error) = await Tuner("submit", SpecFile(ApiServer.Job("cli-watch", trials: 6)));
        Assert.True(code == 0, error);
        var id = output.Trim();
        Assert.Matches("^cli-watch-[0-9a-f]{6}$", id);

        (code, output, error) = await Tuner("watch", id);
        Assert.True(code == 0, error);
        Assert.Contains("best trial t-", output);
        Assert.Contains("6 trials, 18 epochs trained, job completed", output);
        // Progress went to stderr (plain lines: stderr is not a terminal here), results to stdout.
        Assert.Contains($"{id}: 18/18 epochs, 6 trials started, 6 done", error);
    }

    [Fact]
    public async Task Submit_uploads_a_csv_jobs_file_as_a_dataset_so_the_server_needs_no_shared_disk()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "data"));
        var csv = Path.Combine(_dir, "data", "series.csv");
        await File.WriteAllTextAsync(csv, ApiEndpointTests.Csv(61)); // rows no other test uploads
        var spec = SpecFile(ApiEndpointTests.CsvJob("cli-csv", "\"path\": \"data/series.csv\""));

        var (code, output, error) = await Tuner("submit", spec);
        Assert.True(code == 0, error);
        // Piped, a line as it starts, its size in a unit that shows it (it was "0.0 MB"), and one when it ends.
        Assert.Contains($"uploading series.csv ({new FileInfo(csv).Length} bytes)", error);
        Assert.Contains("uploaded series.csv", error);
        var id = output.Trim();
        Assert.Equal("completed", (string?)(await _server.WaitForEndAsync(id))["status"]);
        (code, output, error) = await Tuner("results", id);
        Assert.True(code == 0, error);
        Assert.Equal(2, JsonNode.Parse(output)!["trials"]!.AsArray().Count);

        // The same file again: the coordinator has its hash, so nothing is sent, and the job runs on the stored copy.
        (code, output, error) = await Tuner("submit", spec);
        Assert.True(code == 0, error);
        Assert.Contains("series.csv: the coordinator has it already (sha256:", error);
        Assert.DoesNotContain("uploaded", error);
        Assert.Equal("completed", (string?)(await _server.WaitForEndAsync(output.Trim()))["status"]);
    }

    /// <summary><c>tuner submit -</c> in <see cref="_dir"/>, <paramref name="spec"/> piped to its standard input.</summary>
    private Task<(int Code, string Out, string Error)> SubmitPiped(string spec) =>
        PipedTuner.RunAsync(spec, ["submit", "-", "--server", _server.Url], _dir, new Dictionary<string, string> { ["TUNER_API_TOKEN"] = ApiServer.Token });

    [Fact]
    public async Task Submit_dash_reads_the_spec_from_standard_input_and_its_relative_data_path_from_the_current_directory()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "data"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "data", "piped.csv"), ApiEndpointTests.Csv(63)); // rows no other test uploads

        // It said "-: file not found".
        var (code, output, error) = await SubmitPiped(ApiEndpointTests.CsvJob("cli-piped", "\"path\": \"data/piped.csv\""));
        Assert.True(code == 0, $"exit {code}: {error}");
        var id = output.Trim();
        Assert.Matches("^cli-piped-[0-9a-f]{6}$", id);
        Assert.Contains("uploaded piped.csv", error);
        Assert.Equal("completed", (string?)(await _server.WaitForEndAsync(id))["status"]);
    }

    [Fact]
    public async Task Submit_dash_names_standard_input_in_its_errors_and_a_missing_data_file_by_its_path_in_the_current_directory()
    {
        var (code, output, error) = await SubmitPiped("{\"name\": \"cli-piped-broken\",\n");
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Equal("", output);
        Assert.StartsWith("standard input: line 2, position 1: invalid JSON", error.Trim());

        (code, output, error) = await SubmitPiped(ApiEndpointTests.CsvJob("cli-piped-missing", "\"path\": \"missing.csv\""));
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Equal("", output);
        Assert.Equal($"data.path: file not found: {Path.Combine(_dir, "missing.csv")}", error.Trim());
    }

    [Fact]
    public async Task Submit_of_a_csv_the_coordinator_refuses_says_which_file_its_messages_mean()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "data"));
        var file = Path.Combine(_dir, "data", "bad-value.csv");
        // Only a check of every row finds it: the coordinator's, after the upload.
        await File.WriteAllTextAsync(file, ApiEndpointTests.Csv(62).Replace("\n40,", "\n40,warm\n41,", StringComparison.Ordinal));
        var spec = SpecFile(ApiEndpointTests.CsvJob("cli-bad-value", "\"path\": \"data/bad-value.csv\""));

        var (code, output, error) = await Tuner("submit", spec);
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Equal("", output);
        Assert.Contains("'warm'", error);
        Assert.Contains($"(data.content and data.dataset above are {file}, which tuner submit sent with the job)", error);
    }

    [Fact]
    public async Task Submit_of_a_csv_without_the_target_column_is_refused_before_uploading_it()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "data"));
        var file = Path.Combine(_dir, "data", "no-target.csv");
        await File.WriteAllTextAsync(file, ApiEndpointTests.Csv(62).Replace("temperature", "temp", StringComparison.Ordinal));
        var spec = SpecFile(ApiEndpointTests.CsvJob("cli-no-target", "\"path\": \"data/no-target.csv\""));

        var (code, output, error) = await Tuner("submit", spec);
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Equal("", output);
        Assert.Equal($"data: {file} line 1: column 'temperature' (target) not found; columns are: day, temp", error.Trim());
        // The whole file used to be uploaded first, then refused by the coordinator.
        var id = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file)));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await _server.Http.GetAsync($"api/datasets/{Uri.EscapeDataString(id)}")).StatusCode);
    }

    [Fact]
    public async Task Submit_of_a_csv_over_the_dataset_limit_prints_the_limit_and_its_variable_and_exits_2()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "data"));
        var csv = new System.Text.StringBuilder("time,temperature\n");
        for (int i = 0; csv.Length <= ApiServer.DatasetLimit; i++) csv.Append(i).Append(',').Append(20 + i % 7).Append('\n');
        await File.WriteAllTextAsync(Path.Combine(_dir, "data", "big.csv"), csv.ToString());
        var spec = SpecFile(ApiEndpointTests.CsvJob("cli-too-big", "\"path\": \"data/big.csv\""));

        var (code, output, error) = await Tuner("submit", spec);
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Equal("", output);
        Assert.Contains($"exceeds the coordinator's limit of {ApiServer.DatasetLimit} bytes (2 MiB); raise TUNER_MAX_DATASET_BYTES on the coordinator to upload it", error);
        Assert.DoesNotContain("Broken pipe", error);
        Assert.DoesNotContain("is the coordinator running", error);
    }

    [Fact]
    public async Task Workers_lists_the_servers_worker_with_its_two_slots_as_a_table_and_json()
    {
        var id = await _server.SubmitAsync(ApiServer.Job("cli-workers"));
        await _server.WaitForEndAsync(id); // the worker has asked for work and trained: the coordinator knows it

        var workerId = ClusterTestBed.WorkerId(_server.Worker!);
        int code;
        string output, error;
        JsonNode listed;
        // A slot whose assignment is on its way is neither asking nor shown running yet: look again for a moment.
        for (var attempt = 0; ; attempt++)
        {
            (code, output, error) = await Tuner("workers", "--json");
            Assert.True(code == 0, error);
            listed = Assert.Single(JsonNode.Parse(output)!["workers"]!.AsArray())!;
            if ((int)listed["idleSlots"]! + (int)listed["running"]! == 2 || attempt == 20) break;
            await Task.Delay(500);
        }
        Assert.Equal(workerId, (string?)listed["id"]);
        Assert.Equal(2, (int)listed["idleSlots"]! + (int)listed["running"]!);
        (code, output, error) = await Tuner("workers");
        Assert.True(code == 0, error);
        Assert.Contains("idle slots", output);
        Assert.Contains(output.Split('\n'), line => line.Contains(workerId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jobs_status_and_results_show_a_job_as_tables_json_and_csv()
    {
        var id = await _server.SubmitAsync(ApiServer.Job("cli-show"));
        await _server.WaitForEndAsync(id);

        var (code, output, error) = await Tuner("jobs");
        Assert.True(code == 0, error);
        Assert.Contains(output.Split('\n'), line => line.Contains(id) && line.Contains("completed") && line.Contains("9/9") && line.Contains("3/3"));
        (code, output, _) = await Tuner("jobs", "--json");
        Assert.Equal(0, code);
        Assert.Contains(JsonNode.Parse(output)!["jobs"]!.AsArray(), j => (string?)j!["id"] == id);

        (code, output, error) = await Tuner("status", id);
        Assert.True(code == 0, error);
        Assert.Contains($"job       {id} (cli-show)", output);
        Assert.Contains("status    completed", output);
        Assert.Contains("trials    3 finished of 3 started", output);
        (code, output, _) = await Tuner("status", id, "--json");
        Assert.Equal(0, code);
        Assert.Equal("completed", (string?)JsonNode.Parse(output)!["status"]);

        (code, output, _) = await Tuner("results", id, "--format", "json");
        Assert.Equal(0, code);
        var results = JsonNode.Parse(output)!;
        Assert.Equal(id, (string?)results["id"]);
        Assert.Equal(3, results["trials"]!.AsArray().Count);
        (code, output, _) = await Tuner("results", id, "--format", "csv");
        Assert.Equal(0, code);
        Assert.StartsWith("trialId,status,val_loss,loss,epochs,bracket,round,worker,seconds,units,learning_rate,cell,error\n", output);
        Assert.Equal(4, output.TrimEnd('\n').Split('\n').Length);

        (code, _, error) = await Tuner("results", id, "--format", "xml");
        Assert.Equal(2, code);
        Assert.Contains("--format: must be json or csv (got 'xml')", error); // "Argument 'xml' not recognized" named no option

        // It said "cancelling" of a job that had completed.
        (code, output, error) = await Tuner("cancel", id);
        Assert.True(code == 0, error);
        Assert.Equal($"job {id} has ended (completed): nothing to cancel", output.Trim());
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_and_watch_then_reports_it_with_exit_1()
    {
        var id = await _server.SubmitAsync(ApiServer.Job("cli-cancel", trials: 20000, epochs: 1));
        var (code, output, error) = await Tuner("cancel", id);
        Assert.True(code == 0, error);
        Assert.Matches($"^cancell(ing|ed) {id}", output); // cancelled at once when no trial was running
        Assert.Equal("cancelled", (string?)(await _server.WaitForEndAsync(id))["status"]);

        (code, output, error) = await Tuner("watch", id);
        Assert.Equal(1, code);
        Assert.Contains("job cancelled", output);
        Assert.Contains($"job {id} ended cancelled", error);

        // Cancelled before: said so, not "cancelled" again as if this command had done it.
        (code, output, error) = await Tuner("cancel", id);
        Assert.True(code == 0, error);
        Assert.Equal($"job {id} has ended (cancelled): nothing to cancel", output.Trim());
    }

    [Fact]
    public async Task The_servers_refusals_are_shown_as_its_messages_with_exit_2()
    {
        var (code, output, error) = await Tuner("status", "no-such-job");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("no job with id 'no-such-job'", error.Trim());

        // The spec is fine here; the server loads the data and names the row.
        var badCsv = ApiEndpointTests.CsvJob("cli-bad-csv", "\"content\": \"day,temperature\\n1,20\\n2,warm\\n\"");
        (code, _, error) = await Tuner("submit", SpecFile(badCsv));
        Assert.Equal(2, code);
        Assert.Contains("line 3", error);
        Assert.Contains("temperature", error);
        Assert.DoesNotContain("   at ", error);

        // Bad input found before any request: the same problems as tuner validate.
        (code, _, error) = await Tuner("submit", SpecFile(ApiServer.Job("cli-local").Replace("\"window\": 5", "\"window\": 0")));
        Assert.Equal(2, code);
        Assert.Contains("window: must be an integer from 1 to", error);

        Environment.SetEnvironmentVariable("TUNER_API_TOKEN", null);
        (code, _, error) = await Tuner("jobs");
        Assert.Equal(2, code);
        Assert.Contains("wants an API token: set TUNER_API_TOKEN to the coordinator's token", error);
        Environment.SetEnvironmentVariable("TUNER_API_TOKEN", ApiServer.Token + "x");
        (code, _, error) = await Tuner("jobs");
        Assert.Equal(2, code);
        Assert.Contains("refused the token in TUNER_API_TOKEN: it is not the coordinator's token", error);
        Environment.SetEnvironmentVariable("TUNER_API_TOKEN", null);
    }

    [Fact]
    public async Task An_unreachable_server_is_exit_1_naming_the_url_and_a_bad_url_exit_2()
    {
        var dead = $"http://127.0.0.1:{TunerProcess.FreePort()}";
        var (code, _, error) = await CliRunner.RunAsync("jobs", "--server", dead);
        Assert.Equal(1, code);
        Assert.Contains($"GET {dead}/api/jobs failed", error);

        (code, _, error) = await CliRunner.RunAsync("watch", "some-job", "--server", dead);
        Assert.Equal(1, code);
        Assert.Contains($"{dead}/api/jobs/some-job/events", error);

        (code, _, error) = await CliRunner.RunAsync("jobs", "--server", "localhost:8080");
        Assert.Equal(2, code);
        Assert.Contains("--server / TUNER_SERVER: 'localhost:8080' is not an http(s) URL", error);

        (code, _, error) = await CliRunner.RunAsync("jobs", "--server", dead.Replace("http://", "http://ann:s3cret@"));
        Assert.Equal(2, code);
        Assert.Contains($"a user name or password in the URL is never sent; leave it out ({dead}/)", error);
        Assert.DoesNotContain("s3cret", error);
    }

    [Fact]
    public async Task TUNER_SERVER_names_the_server_when_no_flag_does()
    {
        Environment.SetEnvironmentVariable("TUNER_SERVER", _server.Url);
        var (code, output, error) = await CliRunner.RunAsync("jobs", "--json");
        Assert.True(code == 0, error);
        Assert.NotNull(JsonNode.Parse(output)!["jobs"]);
    }
}
