using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Commands;
using Tuner.Cli.Tests.Support;

namespace Tuner.Cli.Tests.Processes;

/// <summary>A model-based search must propose the same configurations on every machine, or a journal replayed on another
/// machine would diverge from the run it records: <c>tuner simulate</c> of the Gaussian process (whose numerics are
/// vectorized) gives the same document with AVX-512, AVX2, Vector128 (what ARM64 runs) and scalar code.</summary>
public sealed class SimulationIsaTests
{
    [Fact]
    public async Task The_gaussian_process_proposes_the_same_configurations_on_every_instruction_set()
    {
        var job = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "examples", "seattle-random.json")))!.AsObject();
        job["algorithm"] = JsonNode.Parse("""{"type": "bayesian", "maxTrials": 334, "epochs": 30}""");
        job["data"]!["path"] = Path.Combine(Repository.Root, "examples", "data", "seattle-weather.csv");
        using var spec = new CliRunner.TempFile(job.ToJsonString());
        var curves = Path.Combine(Repository.Root, "bench", "Search.Bench", "Recorded", "seattle-random.results.json");
        string[] args = ["simulate", spec.Path, "--curves", curves, "--workers", "4", "--repeats", "2"];

        var outputs = new List<(string Isa, string Output)>();
        var settings = new (string Isa, string? Variable)[] { ("default", null), ("avx2", "DOTNET_EnableAVX512"), ("vector128", "DOTNET_EnableAVX2"), ("scalar", "DOTNET_EnableHWIntrinsic") };
        foreach (var (isa, variable) in settings)
        {
            var environment = new Dictionary<string, string>();
            if (variable is not null)
            {
                environment[variable] = "0";
                if (variable == "DOTNET_EnableAVX512") environment["DOTNET_EnableAVX512F"] = "0"; // the name before .NET 10
            }
            using var process = new TunerProcess($"simulate-{isa}", args, environment);
            var code = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(code == 0, $"{isa}: exit {code}\n{process}");
            outputs.Add((isa, process.Stdout));
        }
        Assert.Contains("\"trace\"", outputs[0].Output);
        foreach (var (isa, output) in outputs.Skip(1)) Assert.True(output == outputs[0].Output, $"{isa} differs from {outputs[0].Isa}:\n{output}\n---\n{outputs[0].Output}");
    }
}
