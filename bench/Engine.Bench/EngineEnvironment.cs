using System.Runtime.Intrinsics;
using Tuner.Engine.Tensors;

namespace Tuner.Engine.Bench;

/// <summary>
/// The first JSON line of a training benchmark: which instruction-set path the engine runs here (the
/// DOTNET_Enable… switches count: DOTNET_EnableAVX512=0 forces AVX2, DOTNET_EnableAVX2=0 Vector128,
/// DOTNET_EnableHWIntrinsic=0 scalar) and that path's FMA peak measured in this process, so every figure
/// after it can be read as a share of what this core delivers.
/// </summary>
internal static class EngineEnvironment
{
    public static Dictionary<string, object?> Describe(IEnumerable<int> threadCounts, TorchServer? torch = null)
    {
        var isa = GemmDriver.BestIsa;
        var width = FmaPeak.WidthOf(isa);
        var line = new Dictionary<string, object?>
        {
            ["bench"] = "engine_env",
            ["isa"] = isa.ToString(),
            ["vector_bits"] = width == 1 ? 32 : width,
            ["fused_multiply_add"] = GemmDriver.FusesMultiplyAdd(isa),
            ["processors"] = Environment.ProcessorCount,
            ["runtime"] = Environment.Version.ToString(),
            ["cpu"] = CpuModel(),
        };
        var peak = new FmaPeak();
        foreach (var threads in threadCounts.Distinct())
        {
            using var team = new ComputeTeam(threads);
            for (int i = 0; i < 5; i++) peak.Measure(team, width);
            var samples = Enumerable.Range(0, 9).Select(_ => peak.Measure(team, width)).Order().ToArray();
            line[$"fma_peak_gflops_{threads}t"] = Math.Round(samples[4], 1);
        }
        if (torch is not null)
        {
            line["torch"] = torch.Version;
            line["torch_openblas_core"] = torch.OpenBlasCore;
            line["torch_flush_denormal"] = torch.FlushesDenormals;
        }
        return line;
    }

    private static string? CpuModel()
    {
        try
        {
            foreach (var l in File.ReadLines("/proc/cpuinfo"))
                if (l.StartsWith("model name", StringComparison.Ordinal)) return l[(l.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
        }
        return null;
    }
}
