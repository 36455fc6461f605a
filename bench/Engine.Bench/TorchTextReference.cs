using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Tuner.Engine.Bench;

/// <summary>Runs ../shared/perf/bench_torch_text.py (PyTorch 1.13, Debian's python3-torch) on the sentiment
/// model in the same run as the engine, one configuration per call.</summary>
/// <remarks>The script times its repeats with <c>time.perf_counter</c> (wall clock). On a shared machine a
/// one-thread process gets an unknown share of a core, so the script runs under a small wrapper that also
/// reads the process's CPU time at the script's own clock readings: the median repeat by CPU time comes
/// back beside the script's figure, comparable with the engine's thread CPU time.</remarks>
internal static class TorchTextReference
{
    public const string Script = "bench_torch_text.py";

    /// <summary>Runs the script (argv[3:]) with perf_counter readings paired with process CPU time; appends
    /// train_samples_per_s_cpu (median over repeats of steps·batch / CPU seconds) to its JSON line.</summary>
    private const string Wrapper = """
        import contextlib, io, json, runpy, sys, time
        work = int(sys.argv[1]) * int(sys.argv[2]); script = sys.argv[3]; sys.argv = sys.argv[3:]
        marks = []; wall = time.perf_counter
        def clock():
            marks.append((wall(), time.process_time())); return marks[-1][0]
        time.perf_counter = clock
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            runpy.run_path(script, run_name="__main__")
        line = json.loads(out.getvalue().strip().splitlines()[-1])
        rates = sorted(work / (marks[i + 1][1] - marks[i][1]) for i in range(0, len(marks) - 1, 2))
        line["train_samples_per_s_cpu"] = round(rates[len(rates) // 2], 1)
        print(json.dumps(line))
        """;

    /// <summary>PyTorch's training samples/s by wall clock and by CPU time, and its JSON line; null when the script printed none.</summary>
    public static (double SamplesPerSecond, double CpuSamplesPerSecond, string Line)? Measure(string script, TextBench.Shape shape, bool bidirectional, int threads,
        int repeats, int steps, string? openBlasCoreType)
    {
        var args = new List<string>
        {
            "-c", Wrapper, Invariant(steps), Invariant(shape.Batch),
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
        (double, double, string)? result = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.GetProperty("bench").GetString() == "torch_text")
                result = (root.GetProperty("train_samples_per_s").GetDouble(), root.GetProperty("train_samples_per_s_cpu").GetDouble(), line);
        }
        process.WaitForExit();
        return result;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
