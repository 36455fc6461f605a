using System.Text.Json;
using Tuner.Engine.Data;
using Tuner.Engine.Layers;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Rng;
using Tuner.Engine.Tensors;
using Tuner.Engine.Training;

namespace Tuner.Engine.Bench;

/// <summary>The seeds' IMDB sentiment model — Embedding(V, E) → LSTM(U) → Dense(1, sigmoid), binary
/// cross-entropy, Adam(1e-3) — trained on random token ids and labels, against PyTorch on the same model
/// (../shared/perf/bench_torch_text.py's, run by torch_lstm_server.py) in turns, round by round. Defaults:
/// V = 10,000, E = 32, T = 200, U = 64, B = 128, one thread. <c>--bidirectional</c> measures the bidirectional model too and prints the cost of
/// a bidirectional step relative to the one-direction step.</summary>
/// <remarks><c>dotnet run -c Release --project bench/Engine.Bench -- --model text [--vocab 10000] [--embed 32]
/// [--seq 200] [--units 64] [--batch 128] [--cell lstm|gru] [--threads 1] [--bidirectional] [--embedding-projection auto|per-row|table] [--repeats 5]
/// [--min-seconds 1] [--no-torch] [--torch-coretype SkylakeX|Haswell|detected]</c>.
/// One JSON line per model (<c>engine_text</c>, with PyTorch's figure and the ratio when it ran), and with
/// <c>--bidirectional</c> a last line <c>text_bidirectional_cost</c>.</remarks>
internal static class TextBench
{
    public sealed record Shape(int Vocabulary, int Embedding, int Steps, int Units, int Batch);

    private sealed record Options(Shape Shape, CellType Cell, int Threads, bool Bidirectional, int Repeats, double MinSeconds,
        bool Torch, string? CoreType, EmbeddingProjection Projection);

    /// <summary>The bidirectional step may cost at most this many one-direction steps (the issue's target).</summary>
    private const double BidirectionalTarget = 2.1;

    /// <summary>The engine must train at least this many times PyTorch's samples/s.</summary>
    private const double TorchTarget = 3.0;

    public static int Run(string[] args)
    {
        Options o;
        try { o = Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine("usage: Engine.Bench --model text [--vocab 10000] [--embed 32] [--seq 200] [--units 64] [--batch 128] [--cell lstm|gru] [--threads 1] [--bidirectional] [--embedding-projection auto|per-row|table] [--repeats 5] [--min-seconds 1] [--no-torch] [--torch-coretype SkylakeX|Haswell|detected]");
            return 2;
        }

        // Both models measured interleaved, round by round: their ratio is the bidirectional target's. PyTorch runs
        // the same models in server processes, each model's round right after the engine's round of it, so the
        // ratios pair rounds that saw the same load (on a shared or virtual machine a core's speed drifts by half
        // from one period to the next, and a process's CPU time drifts with it).
        bool[] variants = o.Bidirectional ? [false, true] : [false];
        var benches = variants.Select(bidirectional => new Bench(o, bidirectional)).ToList();
        var torch = o.Torch ? StartTorch(o, variants) : null;
        try
        {
            Console.Error.WriteLine($"engine text {o.Cell} {o.Shape} threads={o.Threads}{(o.Bidirectional ? ", one direction and bidirectional" : "")}{(torch is null ? "" : ", PyTorch in turns")} ...");
            var timings = StepTimer.Measure(o.Repeats, o.MinSeconds, [.. benches.Select(b => (Action)b.Step)], torch is null ? null : r =>
            {
                foreach (var t in torch) t.Round(r);
            });
            var lines = benches.Select((b, i) => b.Line(timings[i])).ToList();
            for (int i = 0; torch is not null && i < lines.Count; i++) torch[i].AddTo(lines[i], timings[i], o.Shape.Batch);
            foreach (var line in lines) Console.WriteLine(JsonSerializer.Serialize(line));
            if (lines.Count == 2) PrintBidirectionalCost(lines, timings, o);
        }
        finally
        {
            foreach (var t in torch ?? []) t.Dispose();
            foreach (var b in benches) b.Dispose();
        }
        return 0;
    }

    /// <summary>The last line of <c>--bidirectional</c>: the bidirectional step's cost in one-direction steps, the
    /// median of the per-round ratios (each round measures both models back to back).</summary>
    private static void PrintBidirectionalCost(List<Dictionary<string, object>> lines, StepTimer.Timing[] timings, Options o)
    {
        double ratio = timings[1].PairedRatio(timings[0]);
        var cost = new Dictionary<string, object>
        {
            ["bench"] = "text_bidirectional_cost",
            ["one_direction_step_ms"] = lines[0]["train_step_ms"],
            ["bidirectional_step_ms"] = lines[1]["train_step_ms"],
            ["step_ratio"] = Math.Round(ratio, 3),
        };
        if (o.Threads == 1) cost["step_ratio_cpu"] = Math.Round(timings[1].PairedRatio(timings[0], cpu: true), 3);
        cost["rounds"] = o.Repeats;
        cost["target"] = BidirectionalTarget;
        cost["target_met"] = ratio <= BidirectionalTarget;
        Console.WriteLine(JsonSerializer.Serialize(cost));
    }

    /// <summary>One PyTorch server per model, or null (with the reason on stderr) when PyTorch cannot run here.</summary>
    private static List<TorchRounds>? StartTorch(Options o, bool[] variants)
    {
        if (o.Cell != CellType.Lstm)
        {
            Console.Error.WriteLine("PyTorch reference not run (LSTM only): engine figures only");
            return null;
        }
        var rounds = new List<TorchRounds>();
        foreach (var bidirectional in variants)
        {
            var server = TorchServer.Start(o.CoreType, out var problem);
            if (server is null)
            {
                Console.Error.WriteLine($"PyTorch reference not available ({problem}): engine figures only");
                foreach (var r in rounds) r.Dispose();
                return null;
            }
            double estimate = server.SetupText(o.Shape, bidirectional, o.Threads);
            rounds.Add(new TorchRounds(server, Math.Max(3, (int)Math.Ceiling(o.MinSeconds / estimate)), o.Repeats));
        }
        return rounds;
    }

    /// <summary>PyTorch's rounds of one model: steps per round, and each round's wall and CPU seconds per step.</summary>
    private sealed class TorchRounds(TorchServer server, int steps, int repeats) : IDisposable
    {
        private readonly double[] _wall = new double[repeats];
        private readonly double[] _cpu = new double[repeats];

        public void Round(int r)
        {
            var (wall, cpu) = server.Train(steps);
            (_wall[r], _cpu[r]) = (wall / steps, cpu / steps);
        }

        /// <summary>PyTorch's figures and the engine's speed over them: the median of per-round ratios, by wall clock
        /// and (one thread each) by CPU time.</summary>
        public void AddTo(Dictionary<string, object> line, StepTimer.Timing engine, int batch)
        {
            line["torch_train_samples_per_s"] = Math.Round(batch / RoundStatistics.Median(_wall), 1);
            line["torch_train_samples_per_s_cpu"] = Math.Round(batch / RoundStatistics.Median(_cpu), 1);
            line["torch_steps_per_round"] = steps;
            double ratio = RoundStatistics.MedianRatio(_wall, engine.Rounds);
            line["ratio_vs_torch"] = Math.Round(ratio, 2);
            if (line.ContainsKey("train_step_cpu_ms"))
            {
                ratio = RoundStatistics.MedianRatio(_cpu, engine.CpuRounds);
                line["ratio_vs_torch_cpu"] = Math.Round(ratio, 2);
            }
            line["torch_target_met"] = ratio >= TorchTarget;
            line["torch_openblas_core"] = server.OpenBlasCore ?? "unknown";
            line["torch_flush_denormal"] = server.FlushesDenormals;
        }

        public void Dispose() => server.Dispose();
    }

    /// <summary>One model's session on random token ids and labels (as the PyTorch script uses: what is timed
    /// does not depend on them), stepping through 8 batches in turn.</summary>
    private sealed class Bench : IDisposable
    {
        private const int Batches = 8;
        private readonly Options _options;
        private readonly bool _bidirectional;
        private readonly TokenSequenceDataset _data;
        private readonly TrainingSession _session;
        private readonly int[] _order;
        private int _next;

        public Bench(Options o, bool bidirectional)
        {
            _options = o;
            _bidirectional = bidirectional;
            var s = o.Shape;
            int samples = Batches * s.Batch;
            var rng = new Xoshiro256StarStar(7);
            var tokens = new int[samples * s.Steps];
            var labels = new float[samples];
            for (int i = 0; i < tokens.Length; i++) tokens[i] = rng.NextInt(s.Vocabulary);
            for (int i = 0; i < labels.Length; i++) labels[i] = rng.NextInt(2);
            _data = TokenSequenceDataset.Create(tokens, labels, s.Steps);
            var spec = new ModelSpec(o.Cell, 1, s.Units, Bidirectional: bidirectional, Embedding: new EmbeddingSpec(s.Vocabulary, s.Embedding), Head: HeadKind.Sigmoid);
            _session = TrainingSession.Create(spec, OptimizerSpec.Adam(1e-3f), s.Batch, seed: 1, o.Threads);
            _session.Model.EmbeddingProjection = o.Projection;
            _order = [.. Enumerable.Range(0, samples)];
        }

        public void Step()
        {
            int batch = _options.Shape.Batch;
            _session.TrainStep(_data, _order.AsSpan((_next % Batches) * batch, batch));
            _next++;
        }

        public Dictionary<string, object> Line(StepTimer.Timing timing)
        {
            var s = _options.Shape;
            var line = new Dictionary<string, object>
            {
                ["bench"] = "engine_text",
                ["cell"] = _options.Cell.ToString().ToLowerInvariant(),
                ["V"] = s.Vocabulary,
                ["E"] = s.Embedding,
                ["T"] = s.Steps,
                ["U"] = s.Units,
                ["B"] = s.Batch,
                ["bidirectional"] = _bidirectional,
                ["embedding_projection"] = _options.Projection.UsesTable(s.Vocabulary, s.Steps * s.Batch) ? "table" : "per_row",
                ["threads"] = _options.Threads,
                ["isa"] = GemmDriver.BestIsa.ToString().ToLowerInvariant(),
                ["train_samples_per_s"] = Math.Round(s.Batch / timing.MedianSeconds, 1),
                ["train_samples_per_s_best"] = Math.Round(s.Batch / timing.BestSeconds, 1),
                ["train_step_ms"] = Math.Round(timing.MedianSeconds * 1e3, 3),
            };
            // One engine thread: its CPU time is the step's cost, however busy the machine.
            if (_options.Threads == 1 && double.IsFinite(timing.MedianCpuSeconds))
            {
                line["train_step_cpu_ms"] = Math.Round(timing.MedianCpuSeconds * 1e3, 3);
                line["train_step_cpu_ms_rounds"] = timing.CpuRounds.Select(s => Math.Round(s * 1e3, 1)).ToArray();
            }
            line["steps_per_repeat"] = timing.StepsPerRepeat;
            line["repeats"] = timing.Repeats;
            line["foreign_cpu_share"] = timing.ForeignCpuShare;
            return line;
        }

        public void Dispose() => _session.Dispose();
    }

    private static Options Parse(string[] args)
    {
        int vocabulary = 10_000, embedding = 32, steps = 200, units = 64, batch = 128, threads = 1, repeats = 5;
        double minSeconds = 1;
        var cell = CellType.Lstm;
        var projection = EmbeddingProjection.Automatic;
        bool bidirectional = false, torch = true;
        string? coreType = TorchReference.DefaultCoreType();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--model": if (Value() != "text") throw new ArgumentException("--model: this mode is text"); break;
                case "--vocab": vocabulary = Positive("--vocab", Value()); break;
                case "--embed": embedding = Positive("--embed", Value()); break;
                case "--seq": steps = Positive("--seq", Value()); break;
                case "--units": units = Positive("--units", Value()); break;
                case "--batch": batch = Positive("--batch", Value()); break;
                case "--threads": threads = Positive("--threads", Value()); break;
                case "--repeats": repeats = Positive("--repeats", Value()); break;
                case "--min-seconds": minSeconds = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--cell":
                    cell = Value() switch
                    {
                        "lstm" => CellType.Lstm,
                        "gru" => CellType.Gru,
                        var other => throw new ArgumentException($"--cell: lstm or gru, got '{other}'"),
                    };
                    break;
                case "--bidirectional": bidirectional = true; break;
                case "--embedding-projection":
                    projection = Value() switch
                    {
                        "auto" => EmbeddingProjection.Automatic,
                        "per-row" => EmbeddingProjection.PerRow,
                        "table" => EmbeddingProjection.ThroughTable,
                        var other => throw new ArgumentException($"--embedding-projection: auto, per-row or table, got '{other}'"),
                    };
                    break;
                case "--no-torch": torch = false; break;
                case "--torch-coretype": coreType = Value() is var c && c == "detected" ? null : c; break;
                case "--help": throw new ArgumentException("options");
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return new Options(new Shape(vocabulary, embedding, steps, units, batch), cell, threads, bidirectional, repeats, minSeconds, torch, coreType, projection);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, out int result) && result >= 1 ? result : throw new ArgumentException($"{name}: '{value}' is not a positive integer");
}
