using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tuner.Cli.Tests.Processes;

/// <summary>The GC heap limit every Tuner process runs with (<see cref="Training.MemoryLimit"/>): a configuration too
/// large for the memory fails with what to change, and only that trial, where the kernel killed the process.</summary>
[Collection(ProcessTests.Name)]
public sealed partial class MemoryLimitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tuner-memory-").FullName;

    /// <summary>A 512 MiB heap: 256 units train; 512 units over a window of 200 and batches of 1,024 need gigabytes.</summary>
    private static readonly Dictionary<string, string> SmallHeap = new() { ["DOTNET_GCHeapHardLimit"] = "0x20000000" };

    private const string LargeSteps = """
        "data": { "kind": "sine", "length": 20000, "noise": 0.1 },
        "window": 200, "batchSize": 1024,
        """;

    [Fact]
    public async Task Every_process_may_use_three_quarters_of_the_machines_memory_for_objects()
    {
        using var tuner = new TunerProcess("info", ["info"]);
        Assert.Equal(0, await tuner.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var shown = ShownLimit().Match(tuner.Stdout);
        Assert.True(shown.Success, tuner.Stdout);
        var limitGiB = double.Parse(shown.Groups[1].Value, CultureInfo.InvariantCulture);
        var machineGiB = long.Parse(MemTotal().Match(File.ReadAllText("/proc/meminfo")).Groups[1].Value, CultureInfo.InvariantCulture) / (1024.0 * 1024);
        Assert.InRange(limitGiB / machineGiB, 0.73, 0.77);
    }

    [Fact]
    public async Task A_configuration_too_large_for_the_memory_ends_train_with_what_to_lower()
    {
        var spec = Spec("too-large", """{ "units": { "type": "int", "min": 256, "max": 512, "step": 256 } }""", """{ "type": "random", "maxTrials": 1, "epochs": 1 }""");
        using var tuner = new TunerProcess("train-oom", ["train", spec, "--set", "units=512"], SmallHeap);
        Assert.Equal(ExitCodes.RuntimeFailure, await tuner.WaitForExitAsync(TimeSpan.FromSeconds(120)));
        Assert.Contains("error: out of memory: this command needs more than the 512 MiB this process may use", tuner.Stderr);
        Assert.Contains("lower batch_size, window, units or layers", tuner.Stderr);
        Assert.DoesNotContain("   at ", tuner.Stderr);
    }

    [Fact]
    public async Task A_trial_too_large_for_the_memory_fails_and_the_run_goes_on()
    {
        var spec = Spec("one-too-large", """{ "units": { "type": "choice", "values": [8, 512] } }""", """{ "type": "grid", "epochs": 1 }""");
        var outDir = Path.Combine(_folder, "out");
        using var tuner = new TunerProcess("run-oom", ["run", spec, "--workers", "1", "--db", Path.Combine(_folder, "tuner.db"), "--out", outDir], SmallHeap);
        Assert.Equal(0, await tuner.WaitForExitAsync(TimeSpan.FromSeconds(180)));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var trials = results.RootElement.GetProperty("trials").EnumerateArray()
            .ToDictionary(t => t.GetProperty("hyperparameters").GetProperty("units").GetInt32());
        Assert.Equal("completed", trials[8].GetProperty("status").GetString());
        Assert.Equal("failed", trials[512].GetProperty("status").GetString());
        Assert.StartsWith("out of memory: training this configuration needs more than the 512 MiB this process may use", trials[512].GetProperty("error").GetString());
    }

    private string Spec(string name, string searchSpace, string algorithm)
    {
        var path = Path.Combine(_folder, name + ".json");
        File.WriteAllText(path, $$"""
            { "name": "{{name}}", "seed": 1,
              {{LargeSteps}}
              "model": { "cell": "lstm", "layers": 1 },
              "searchSpace": {{searchSpace}},
              "algorithm": {{algorithm}} }
            """);
        return path;
    }

    [GeneratedRegex(@"([0-9.]+) GiB for objects \(the GC heap limit\)")]
    private static partial Regex ShownLimit();

    [GeneratedRegex(@"MemTotal:\s+(\d+) kB")]
    private static partial Regex MemTotal();

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
