using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tuner.Engine.Bench;

/// <summary>
/// A PyTorch process (torch_lstm_server.py, Debian's python3-torch) that trains the reference model on
/// command, so the engine and PyTorch can be timed in turns, repeat by repeat, on a shared machine.
/// </summary>
internal sealed class TorchServer : IDisposable
{
    private const string ScriptName = "torch_lstm_server.py";
    private readonly Process _process;

    private TorchServer(Process process, JsonNode hello)
    {
        _process = process;
        Version = hello["torch"]?.GetValue<string>() ?? "?";
        OpenBlasCore = hello["openblas_core"]?.GetValue<string>();
        FlushesDenormals = hello["flush_denormal"]?.GetValue<bool>() ?? false;
    }

    public string Version { get; }

    /// <summary>The kernel family OpenBLAS chose (OPENBLAS_CORETYPE forces one).</summary>
    public string? OpenBlasCore { get; }

    /// <summary>Whether subnormal floats are flushed to zero in PyTorch's process (see the script: they slow PyTorch
    /// several-fold on Intel cores).</summary>
    public bool FlushesDenormals { get; }

    /// <summary>Starts the server, or returns null with the reason when PyTorch is not available here.</summary>
    public static TorchServer? Start(string? openBlasCoreType, out string? problem)
    {
        var script = Path.Combine(AppContext.BaseDirectory, ScriptName);
        if (!File.Exists(TorchReference.Python) || !File.Exists(script))
        {
            problem = $"needs {TorchReference.Python} and {script}";
            return null;
        }
        var psi = new ProcessStartInfo(TorchReference.Python, [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (openBlasCoreType is not null) psi.Environment["OPENBLAS_CORETYPE"] = openBlasCoreType;
        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var first = process.StandardOutput.ReadLine();
        if (first is null)
        {
            process.WaitForExit();
            problem = "PyTorch did not start (apt-get install -y python3-torch)";
            return null;
        }
        problem = null;
        return new TorchServer(process, JsonNode.Parse(first)!);
    }

    /// <summary>Builds the model and data for a configuration and warms up; returns the step-time estimate in seconds.</summary>
    public double Setup(int units, int steps, int features, int batch, int threads, int dataset) =>
        Ask(new JsonObject
        {
            ["cmd"] = "setup", ["U"] = units, ["T"] = steps, ["D"] = features, ["B"] = batch,
            ["threads"] = threads, ["dataset"] = dataset, ["dropout"] = 0.2, ["lr"] = 1e-3, ["epochs_warmup"] = 1,
        })["step_s"]!.GetValue<double>();

    /// <summary>Builds the sentiment model of ../shared/perf/bench_torch_text.py on one batch of random tokens and
    /// warms up; returns the step-time estimate in seconds.</summary>
    public double SetupText(TextBench.Shape shape, bool bidirectional, int threads) =>
        Ask(new JsonObject
        {
            ["cmd"] = "setup_text", ["V"] = shape.Vocabulary, ["E"] = shape.Embedding, ["T"] = shape.Steps, ["U"] = shape.Units,
            ["B"] = shape.Batch, ["bidirectional"] = bidirectional, ["threads"] = threads,
        })["step_s"]!.GetValue<double>();

    /// <summary>Wall and process-CPU seconds of <paramref name="steps"/> training steps.</summary>
    public (double Wall, double Cpu) Train(int steps)
    {
        var answer = Ask(new JsonObject { ["cmd"] = "train", ["steps"] = steps });
        return (answer["seconds"]!.GetValue<double>(), answer["cpu_seconds"]!.GetValue<double>());
    }

    /// <summary>Wall and process-CPU seconds of one Keras-like epoch of the setup's dataset.</summary>
    public (double Wall, double Cpu) Epoch()
    {
        var answer = Ask(new JsonObject { ["cmd"] = "epoch" });
        return (answer["seconds"]!.GetValue<double>(), answer["cpu_seconds"]!.GetValue<double>());
    }

    private JsonNode Ask(JsonObject command)
    {
        _process.StandardInput.WriteLine(command.ToJsonString());
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the PyTorch process ended");
        var answer = JsonNode.Parse(line)!;
        if (answer["error"] is { } error) throw new InvalidOperationException($"PyTorch: {error}");
        return answer;
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.WriteLine(JsonSerializer.Serialize(new { cmd = "quit" }));
            _process.StandardInput.Flush();
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        catch (IOException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
