using System.Text.Json;
using Tuner.Engine.Data;
using Tuner.Engine.Layers;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Tensors;
using Tuner.Engine.Training;

namespace Tuner.Engine.Bench;

/// <summary>Training throughput of the engine (forward + BPTT + Adam per step) as JSON lines, with
/// PyTorch measured in the same run when available. Defaults: LSTM and GRU, U ∈ {32…512},
/// T ∈ {10, 30}, B = 32, D = 1 (<c>--features</c>), threads 1 and 2. Any list given with one value narrows
/// the sweep; the first line names the ISA and its FMA peak, then a single configuration prints exactly one
/// line. <c>--bidirectional</c> also measures each configuration with bidirectional layers and adds that step's
/// time and its ratio to the one-direction step. <c>--model text</c> is the sentiment model instead
/// (<see cref="TextBench"/>). PyTorch here runs after the engine; <c>compare</c> (<see cref="CompareBench"/>)
/// times both in turns.</summary>
internal static class TrainingBench
{
    private sealed record Options(string[] Cells, int[] Units, int[] Seqs, int[] Threads, int Batch, int Repeats, double MinSeconds, bool Torch, string? TorchScript, string? CoreType, int[] Features, bool Bidirectional);

    public static int Run(string[] args)
    {
        Options o;
        try { o = Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine("usage: Engine.Bench [--cell lstm,gru] [--units 32,64,128,256,512] [--seq 10,30] [--batch 32] [--threads 1,2] [--features 1] [--repeats 5] [--min-seconds 0.3] [--bidirectional] [--no-torch] [--torch-script PATH] [--torch-coretype SkylakeX|Haswell|detected]");
            Console.Error.WriteLine("       Engine.Bench --model text [options: Engine.Bench --model text --help]");
            return 2;
        }

        Console.WriteLine(JsonSerializer.Serialize(EngineEnvironment.Describe(o.Threads)));
        var configs = (from cell in o.Cells from t in o.Seqs from u in o.Units from d in o.Features from th in o.Threads select (cell, u, t, d, th)).ToList();
        var engine = new List<Dictionary<string, object>>();
        foreach (var (cell, u, t, d, th) in configs)
        {
            Console.Error.WriteLine($"engine {cell} U={u} T={t} D={d} threads={th} ...");
            engine.Add(Measure(cell, u, t, d, o.Batch, th, o.Repeats, o.MinSeconds, o.Bidirectional));
        }

        Dictionary<(int, int, int), double> torch = [];
        // The shared PyTorch script has one input feature: D > 1 is compared by `compare` (CompareBench).
        var lstmUnits = configs.Where(c => c.cell == "lstm" && c.d == 1).Select(c => c.u).Distinct().ToList();
        string? script = o.Torch && lstmUnits.Count > 0 ? TorchReference.Locate(o.TorchScript) : null;
        bool single = configs.Count == 1;
        if (script is not null)
        {
            Console.Error.WriteLine("PyTorch reference (same run) ...");
            torch = TorchReference.Measure(script, lstmUnits, o.Seqs, o.Threads, o.Batch, o.Repeats, o.CoreType, line => { if (!single) Console.WriteLine(line); });
        }
        else if (o.Torch)
        {
            Console.Error.WriteLine("PyTorch not available (apt-get install -y python3-torch; needs ../shared/perf/bench_torch_lstm.py): engine figures only");
        }

        foreach (var line in engine)
        {
            var key = ((int)line["U"], (int)line["T"], (int)line["threads"]);
            if ((string)line["cell"] == "lstm" && (int)line["D"] == 1 && torch.TryGetValue(key, out var reference))
            {
                line["torch_train_samples_per_s"] = reference;
                line["ratio_vs_torch"] = Math.Round((double)line["train_samples_per_s"] / reference, 2);
                line["torch_openblas_coretype"] = o.CoreType ?? "detected";
            }
            Console.WriteLine(JsonSerializer.Serialize(line));
        }
        return 0;
    }

    /// <summary>One configuration's line; with <paramref name="bidirectional"/> the bidirectional model is
    /// measured interleaved with it and its step time and cost ratio join the line.</summary>
    private static Dictionary<string, object> Measure(string cell, int units, int steps, int inputs, int batch, int threads, int repeats, double minSeconds, bool bidirectional)
    {
        var cellType = cell == "lstm" ? CellType.Lstm : CellType.Gru;
        int samples = Math.Max(2000, 64 * batch);
        var series = inputs == 1 ? SeriesGenerators.Sine(samples + steps, 0.1, seed: 1) : BenchSeries.NoisySines(samples + steps, inputs);
        var data = DatasetBuilder.Build(series, steps, horizon: 1, validationSplit: 0, Normalization.Standard);
        int batches = data.Train.Count / batch;
        var order = Enumerable.Range(0, data.Train.Count).ToArray();
        // The PyTorch anchor's model: recurrent layer → Dropout(0.2) → Dense(1), Adam(1e-3).
        var sessions = (bidirectional ? new[] { false, true } : [false])
            .Select(both => TrainingSession.Create(new ModelSpec(cellType, inputs, units, Dropout: 0.2f, Bidirectional: both), OptimizerSpec.Adam(1e-3f), batch, seed: 1, threads))
            .ToArray();
        var next = new int[sessions.Length];
        var stepActions = sessions.Select((session, k) => (Action)(() =>
        {
            session.TrainStep(data.Train, order.AsSpan((next[k] % batches) * batch, batch));
            next[k]++;
        })).ToArray();
        var timings = StepTimer.Measure(repeats, minSeconds, stepActions);
        foreach (var session in sessions) session.Dispose();

        var timing = timings[0];
        double step = timing.MedianSeconds;
        double flops = cellType == CellType.Lstm ? FlopModel.LstmTrainStep(units, steps, batch, inputs) : FlopModel.GruTrainStep(units, steps, batch, inputs);
        var line = new Dictionary<string, object>
        {
            ["bench"] = "engine_train",
            ["cell"] = cell,
            ["U"] = units,
            ["T"] = steps,
            ["B"] = batch,
            ["D"] = inputs,
            ["threads"] = threads,
            ["isa"] = GemmDriver.BestIsa.ToString().ToLowerInvariant(),
            ["train_samples_per_s"] = Math.Round(batch / step, 1),
            ["train_samples_per_s_best"] = Math.Round(batch / timing.BestSeconds, 1),
            ["train_step_ms"] = Math.Round(step * 1e3, 4),
            ["train_step_cpu_ms"] = Math.Round(timing.MedianCpuSeconds * 1e3, 4),
            ["flops_train_step"] = flops,
            ["gflops"] = Math.Round(flops / step / 1e9, 2),
            ["steps_per_repeat"] = timing.StepsPerRepeat,
            ["repeats"] = repeats,
            ["foreign_cpu_share"] = timing.ForeignCpuShare,
        };
        if (bidirectional)
        {
            line["bidirectional_train_step_ms"] = Math.Round(timings[1].MedianSeconds * 1e3, 4);
            line["bidirectional_step_ratio"] = Math.Round(timings[1].PairedRatio(timing), 3);
            if (threads == 1) line["bidirectional_step_ratio_cpu"] = Math.Round(timings[1].PairedRatio(timing, cpu: true), 3);
        }
        return line;
    }

    private static Options Parse(string[] args)
    {
        string[] cells = ["lstm", "gru"];
        int[] units = [32, 64, 128, 256, 512], seqs = [10, 30], threads = [1, 2], features = [1];
        int batch = 32, repeats = 5;
        double minSeconds = 0.3;
        bool torch = true, bidirectional = false;
        string? script = null;
        string? coreType = TorchReference.DefaultCoreType();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--cell": cells = Value().Split(',', StringSplitOptions.TrimEntries); break;
                case "--units": units = Ints("--units", Value()); break;
                case "--seq": seqs = Ints("--seq", Value()); break;
                case "--threads": threads = Ints("--threads", Value()); break;
                case "--features": features = Ints("--features", Value()); break;
                case "--batch": batch = Ints("--batch", Value())[0]; break;
                case "--repeats": repeats = Ints("--repeats", Value())[0]; break;
                case "--min-seconds": minSeconds = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--no-torch": torch = false; break;
                case "--bidirectional": bidirectional = true; break;
                case "--torch-script": script = Value(); break;
                case "--torch-coretype": coreType = Value() is var c && c == "detected" ? null : c; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (cells.Any(c => c is not ("lstm" or "gru"))) throw new ArgumentException("--cell: lstm and/or gru");
        if (repeats < 1 || batch < 1) throw new ArgumentException("--repeats and --batch must be >= 1");
        return new Options(cells, units, seqs, threads, batch, repeats, minSeconds, torch, script, coreType, features, bidirectional);
    }

    private static int[] Ints(string name, string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        var result = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out result[i]) || result[i] < 1) throw new ArgumentException($"{name}: '{parts[i]}' is not a positive integer");
        return result;
    }
}
