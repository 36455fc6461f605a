using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Support;

namespace Tuner.Cli.Tests.Commands;

/// <summary><c>tuner simulate</c> on the committed Seattle recording (bench/Search.Bench/Recorded): one JSON document,
/// deterministic per seed, with clear errors for bad input.</summary>
public sealed class SimulateCommandTests
{
    private static readonly string Curves = Path.Combine(Repository.Root, "bench", "Search.Bench", "Recorded", "seattle-random.results.json");

    /// <summary>The recording's job with another algorithm.</summary>
    private static string Job(string algorithm)
    {
        var job = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "examples", "seattle-random.json")))!.AsObject();
        job["algorithm"] = JsonNode.Parse(algorithm);
        job["data"]!["path"] = Path.Combine(Repository.Root, "examples", "data", "seattle-weather.csv");
        return job.ToJsonString();
    }

    [Theory]
    [InlineData("""{"type": "bohb", "maxEpochs": 30, "iterations": 4}""")]
    [InlineData("""{"type": "tpe", "maxTrials": 100, "epochs": 30}""")]
    [InlineData("""{"type": "bayesian", "maxTrials": 30, "epochs": 30}""")]
    public async Task Prints_one_document_per_the_contract_and_is_deterministic_per_seed(string algorithm)
    {
        using var job = new CliRunner.TempFile(Job(algorithm));
        var (code, output, error) = await CliRunner.RunAsync("simulate", job.Path, "--curves", Curves, "--workers", "8", "--repeats", "3");
        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.Equal("", error); // piped: no progress lines, stderr is for errors
        var document = JsonNode.Parse(output)!;
        Assert.Equal((string)JsonNode.Parse(algorithm)!["type"]!, (string?)document["algorithm"]);
        Assert.Equal(8, (int)document["workers"]!);
        var runs = document["runs"]!.AsArray();
        Assert.Equal([17L, 18L, 19L], runs.Select(r => (long)r!["seed"]!));
        foreach (var run in runs)
        {
            var trace = run!["trace"]!.AsArray().Select(p => (Epochs: (long)p![0]!, Best: (double)p[1]!)).ToList();
            Assert.NotEmpty(trace);
            // Improvements only, in time order, ending at the run's best; values are recorded val_losses.
            Assert.True(trace.Zip(trace.Skip(1)).All(p => p.Item2.Epochs >= p.Item1.Epochs && p.Item2.Best < p.Item1.Best));
            Assert.Equal((double)run["best"]!, trace[^1].Best);
            Assert.InRange(trace[^1].Best, 0.1, 1);
            Assert.True((double)run["wallClock"]! > 0);
        }
        var (again, repeat, _) = await CliRunner.RunAsync("simulate", job.Path, "--curves", Curves, "--workers", "8", "--repeats", "3");
        Assert.Equal(0, again);
        Assert.Equal(output, repeat);
        // Another seed is another search.
        Assert.NotEqual(runs[0]!.ToJsonString(), runs[1]!.ToJsonString());
    }

    [Fact]
    public async Task Dash_simulates_the_spec_piped_to_standard_input_as_its_file()
    {
        var spec = Job("""{"type": "hyperband", "maxEpochs": 30, "iterations": 1}""");
        using var job = new CliRunner.TempFile(spec);
        var (_, fromFile, _) = await CliRunner.RunAsync("simulate", job.Path, "--curves", Curves);
        // It said "-: file not found".
        var (code, piped, error) = await Processes.PipedTuner.RunAsync(spec, ["simulate", "-", "--curves", Curves]);
        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.Equal(fromFile, piped);
    }

    [Theory]
    [InlineData("""{"type": "tpe", "maxTrials": 100, "epochs": 30}""")]
    [InlineData("""{"type": "bayesian", "maxTrials": 40, "epochs": 30}""")]
    public async Task Runs_simulated_together_equal_each_seed_simulated_alone(string algorithm)
    {
        // The repeats run on every core at once and share the recording: each must still be exactly its seed's search.
        using var job = new CliRunner.TempFile(Job(algorithm));
        var (code, output, error) = await CliRunner.RunAsync("simulate", job.Path, "--curves", Curves, "--workers", "4", "--repeats", "4");
        Assert.True(code == 0, $"exit {code}: {error}");
        var together = JsonNode.Parse(output)!["runs"]!.AsArray();
        for (var r = 0; r < 4; r++)
        {
            var alone = JsonNode.Parse(Job(algorithm))!.AsObject();
            alone["seed"] = 17 + r;
            using var single = new CliRunner.TempFile(alone.ToJsonString());
            var (singleCode, singleOutput, singleError) = await CliRunner.RunAsync("simulate", single.Path, "--curves", Curves, "--workers", "4");
            Assert.True(singleCode == 0, $"exit {singleCode}: {singleError}");
            Assert.Equal(JsonNode.Parse(singleOutput)!["runs"]![0]!.ToJsonString(), together[r]!.ToJsonString());
        }
    }

    [Fact]
    public async Task The_recordings_own_search_replays_the_recording()
    {
        // The recording is a random search with seed 17; simulated with that seed, trial n is the recorded trial n (its own
        // nearest neighbour), so the best is the recorded best, found after the recorded best trial's 30 epochs × its number.
        var recorded = JsonNode.Parse(File.ReadAllText(Curves))!;
        using var job = new CliRunner.TempFile(Job("""{"type": "random", "maxTrials": 200, "executionsPerTrial": 1, "epochs": 30}"""));
        var (code, output, error) = await CliRunner.RunAsync("simulate", job.Path, "--curves", Curves);
        Assert.True(code == 0, $"exit {code}: {error}");
        var run = JsonNode.Parse(output)!["runs"]![0]!;
        Assert.Equal((double)recorded["best"]!["val_loss"]!, (double)run["best"]!);
        Assert.Equal(6000, (long)run["epochs"]!);
        var bestNumber = int.Parse(((string)recorded["best"]!["trialId"]!)[2..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(30L * bestNumber, (long)run["trace"]!.AsArray()[^1]![0]!);
        Assert.Equal((double)recorded["trials"]![0]!["val_loss"]!, (double)run["trace"]![0]![1]!);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_exit_2_naming_the_problem()
    {
        using var job = new CliRunner.TempFile(Job("""{"type": "tpe", "maxTrials": 20, "epochs": 30}"""));
        using var notJson = new CliRunner.TempFile("{ not json");
        using var noHistory = new CliRunner.TempFile("""{"trials": [{"hyperparameters": {"units": 8, "dropout": 0.1, "learning_rate": 0.001, "batch_size": 16}}]}""");
        using var tooLong = new CliRunner.TempFile(Job("""{"type": "tpe", "maxTrials": 20, "epochs": 50}"""));

        var (code, _, error) = await CliRunner.RunAsync("simulate", job.Path, "--curves", notJson.Path);
        Assert.Equal(2, code);
        Assert.Contains($"{notJson.Path}: not valid JSON", error);

        (code, _, error) = await CliRunner.RunAsync("simulate", job.Path, "--curves", noHistory.Path);
        Assert.Equal(2, code);
        Assert.Contains("no trial has a \"history\"", error);

        (code, _, error) = await CliRunner.RunAsync("simulate", tooLong.Path, "--curves", Curves);
        Assert.Equal(2, code);
        Assert.Contains("for each of the 50 epochs the job trains a trial (the longest usable curve has 30)", error);

        // Run r uses seed + r: the largest seed with --repeats 3 wrapped to negative seeds.
        var largest = JsonNode.Parse(Job("""{"type": "tpe", "maxTrials": 20, "epochs": 30}"""))!.AsObject();
        largest["seed"] = long.MaxValue;
        using var largestSeed = new CliRunner.TempFile(largest.ToJsonString());
        (code, _, error) = await CliRunner.RunAsync("simulate", largestSeed.Path, "--curves", Curves, "--repeats", "3");
        Assert.Equal(2, code);
        Assert.Contains($"--repeats: 3 runs need seeds {long.MaxValue} to {long.MaxValue} + 2, past the largest seed", error);

        var folder = Path.GetDirectoryName(job.Path)!;
        (code, _, error) = await CliRunner.RunAsync("simulate", job.Path, "--curves", folder);
        Assert.Equal(2, code);
        Assert.Contains($"--curves: {folder}: is a directory; give a results.json with the curves to replay", error);

        // A classifier's curves (cross-entropy) for a forecast (squared error) were replayed without a word.
        var classifierCurves = JsonNode.Parse(File.ReadAllText(Curves))!.AsObject();
        classifierCurves["task"] = "classify";
        using var otherTask = new CliRunner.TempFile(classifierCurves.ToJsonString());
        (code, _, error) = await CliRunner.RunAsync("simulate", job.Path, "--curves", otherTask.Path);
        Assert.Equal(2, code);
        Assert.Contains($"{otherTask.Path}: recorded by a classify job; this job is a forecast: replay curves recorded by a forecast job", error);

        (code, _, error) = await CliRunner.RunAsync("simulate", job.Path, "--curves", Curves, "--workers", "0");
        Assert.Equal(2, code);
        Assert.Contains("--workers: must be an integer from 1 to 100000 (got 0)", error);
        Assert.DoesNotContain("   at ", error);
    }
}
