using System.Diagnostics;
using System.Text.Json;

namespace Tuner.Engine.Bench;

/// <summary>Runs ../shared/perf/bench_torch_lstm.py (Debian's python3-torch) on the same LSTM
/// configurations in the same run, so ratios compare like with like on a shared machine.</summary>
internal static class TorchReference
{
    public const string Python = "/usr/bin/python3";

    private const string ScriptName = "bench_torch_lstm.py";

    /// <summary>The script (<paramref name="explicitPath"/>, else ../shared/perf/bench_torch_lstm.py beside the
    /// repository), or null when it or PyTorch is not available here.</summary>
    public static string? Locate(string? explicitPath)
    {
        var script = explicitPath ?? FindScript();
        if (script is null || !File.Exists(script) || !File.Exists(Python)) return null;
        using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import torch"]) { RedirectStandardError = true, RedirectStandardOutput = true });
        probe!.WaitForExit();
        return probe.ExitCode == 0 ? script : null;
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "perf", ScriptName);
            if (File.Exists(Path.Combine(dir.FullName, "Tuner.sln"))) return File.Exists(candidate) ? Path.GetFullPath(candidate) : null;
        }
        return null;
    }

    /// <summary>The OpenBLAS kernel family for this CPU. Debian's OpenBLAS misdetects some virtual
    /// CPUs (e.g. as "Prescott", without AVX), which would make PyTorch look slower than it is.</summary>
    public static string? DefaultCoreType() =>
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "SkylakeX" : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "Haswell" : null;

    /// <summary>Training samples/s keyed by (U, T, threads).</summary>
    public static Dictionary<(int U, int T, int Threads), double> Measure(string script, IEnumerable<int> units, IEnumerable<int> seqs,
        IEnumerable<int> threads, int batch, int repeats, string? openBlasCoreType, Action<string> rawLine)
    {
        var args = new List<string>
        {
            script, "--units", string.Join(',', units), "--seq-lens", string.Join(',', seqs), "--threads", string.Join(',', threads),
            "--batch", batch.ToString(), "--repeats", repeats.ToString(), "--no-epoch", "--quiet-wait", "3",
        };
        var psi = new ProcessStartInfo(Python, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (openBlasCoreType is not null) psi.Environment["OPENBLAS_CORETYPE"] = openBlasCoreType;
        using var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var result = new Dictionary<(int, int, int), double>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            rawLine(line);
            if (root.GetProperty("bench").GetString() != "torch_lstm") continue;
            var key = (root.GetProperty("U").GetInt32(), root.GetProperty("T").GetInt32(), int.Parse(root.GetProperty("threads").GetString()!));
            result[key] = root.GetProperty("train_samples_per_s").GetDouble();
        }
        process.WaitForExit();
        return result;
    }
}
