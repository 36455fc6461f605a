using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Tuner.Engine.Bench;

/// <summary>Runs ../shared/perf/bench_torch_text.py (PyTorch 1.13, Debian's python3-torch) on the sentiment
/// model in the same run as the engine, one configuration per call.</summary>
internal static class TorchTextReference
{
    public const string Script = "bench_torch_text.py";

    /// <summary>PyTorch's training samples/s and its JSON line, or null when the script printed none.</summary>
    public static (double SamplesPerSecond, string Line)? Measure(string script, TextBench.Shape shape, bool bidirectional, int threads,
        int repeats, int steps, string? openBlasCoreType)
    {
        var args = new List<string>
        {
            script, "--vocab", Invariant(shape.Vocabulary), "--embed", Invariant(shape.Embedding), "--seq", Invariant(shape.Steps),
            "--units", Invariant(shape.Units), "--batch", Invariant(shape.Batch), "--threads", Invariant(threads),
            "--repeats", Invariant(repeats), "--steps", Invariant(steps),
        };
        if (bidirectional) args.Add("--bidirectional");
        var psi = new ProcessStartInfo(TorchReference.Python, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (openBlasCoreType is not null) psi.Environment["OPENBLAS_CORETYPE"] = openBlasCoreType;
        using var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        (double, string)? result = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("bench").GetString() == "torch_text")
                result = (doc.RootElement.GetProperty("train_samples_per_s").GetDouble(), line);
        }
        process.WaitForExit();
        return result;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
