using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tuner.Engine.Data;
using Tuner.Engine.Layers;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Tensors;
using Tuner.Engine.Training;

namespace Tuner.Engine.Bench;

/// <summary>
/// The engine's LSTM against PyTorch's, timed in turns on the same configurations: every repeat runs the
/// engine's training steps (or one epoch), then the FMA peak of the engine's ISA, then PyTorch's steps.
/// Ratios are the median of the per-repeat ratios, so load that drifts between repeats on a shared machine
/// cancels; CPU-time figures (this thread's for the engine with one thread, the process's for PyTorch) are
/// kept beside the wall-clock ones.
/// </summary>
/// <remarks>
/// <para><c>dotnet run -c Release --project bench/Engine.Bench -- compare [--units 32,64,128,256,512]
/// [--seq 10,30] [--features 1] [--threads 1] [--batch 32] [--repeats 5] [--min-seconds 0.3]
/// [--epoch [--dataset 2000]] [--torch-coretype SkylakeX|Haswell|detected] [--no-torch]</c></para>
/// <para>The model is the PyTorch anchor's (../shared/perf/bench_torch_lstm.py) with D input features:
/// LSTM(U) → last step → Dropout(0.2) → Dense(1), MSE, Adam(1e-3). <c>--epoch</c> times whole Keras-like
/// epochs of <c>--dataset</c> windows instead (first 80 % train in shuffled batches, last 20 % validate),
/// as <c>tuner train</c> runs them. One JSON line per configuration; the first line names the ISA and its
/// FMA peak.</para>
/// </remarks>
internal static class CompareBench
{
    private sealed record Options(int[] Units, int[] Seqs, int[] Features, int[] Threads, int Batch, int Repeats,
        double MinSeconds, bool Epoch, int Dataset, bool Torch, string? CoreType);

    public static int Run(string[] args)
    {
        Options o;
        try { o = Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine("usage: Engine.Bench compare [--units 32,64,128,256,512] [--seq 10,30] [--features 1] [--threads 1] [--batch 32] [--repeats 5] [--min-seconds 0.3] [--epoch [--dataset 2000]] [--torch-coretype SkylakeX|Haswell|detected] [--no-torch]");
            return 2;
        }

        TorchServer? torch = null;
        if (o.Torch)
        {
            torch = TorchServer.Start(o.CoreType, out var problem);
            if (torch is null) Console.Error.WriteLine($"PyTorch reference not available ({problem}): engine figures only");
        }
        try
        {
            Console.WriteLine(JsonSerializer.Serialize(EngineEnvironment.Describe(o.Threads, torch)));
            foreach (var t in o.Seqs)
            foreach (var u in o.Units)
            foreach (var d in o.Features)
            foreach (var th in o.Threads)
            {
                Console.Error.WriteLine($"compare U={u} T={t} D={d} threads={th}{(o.Epoch ? " (epochs)" : "")} ...");
                Console.WriteLine(JsonSerializer.Serialize(Measure(o, u, t, d, th, torch)));
            }
        }
        finally
        {
            torch?.Dispose();
        }
        return 0;
    }

    private static Dictionary<string, object?> Measure(Options o, int units, int steps, int features, int threads, TorchServer? torch)
    {
        int batch = o.Batch;
        int samples = o.Epoch ? o.Dataset : Math.Max(2000, 64 * batch);
        var data = DatasetBuilder.Build(BenchSeries.NoisySines(samples + steps, features), steps, horizon: 1,
            validationSplit: o.Epoch ? 0.2 : 0, Normalization.Standard);
        using var session = TrainingSession.Create(new ModelSpec(CellType.Lstm, features, units, Dropout: 0.2f),
            OptimizerSpec.Adam(1e-3f), batch, seed: 1, threads);
        using var peakTeam = new ComputeTeam(threads);
        var peak = new FmaPeak();
        int width = FmaPeak.WidthOf(GemmDriver.BestIsa);

        // One unit of work: a training step, or a whole epoch (training batches + validation).
        int batches = data.Train.Count / batch;
        var order = Enumerable.Range(0, data.Train.Count).ToArray();
        int next = 0;
        Action work = o.Epoch
            ? () => session.Train(data, session.EpochsCompleted + 1)
            : () => session.TrainStep(data.Train, order.AsSpan((next++ % batches) * batch, batch));

        // Warm up for 2 s (tiered JIT promotes the hot loops after many calls; a worker trains for
        // minutes, so the steady state is what matters), then size a repeat to min-seconds.
        var warm = Stopwatch.StartNew();
        int count = 0;
        while ((warm.Elapsed.TotalSeconds < 2 || count < 3) && warm.Elapsed.TotalSeconds < 30) { work(); count++; }
        var probe = Stopwatch.StartNew();
        work();
        int perRepeat = o.Epoch ? 1 : Math.Max(5, (int)Math.Ceiling(o.MinSeconds / probe.Elapsed.TotalSeconds));
        int torchPerRepeat = 0;
        if (torch is not null)
        {
            double estimate = torch.Setup(units, steps, features, batch, threads, samples);
            torchPerRepeat = o.Epoch ? 1 : Math.Max(5, (int)Math.Ceiling(o.MinSeconds / estimate));
        }

        var engineWall = new double[o.Repeats];
        var engineCpu = new double[o.Repeats];
        var torchWall = new double[o.Repeats];
        var torchCpu = new double[o.Repeats];
        var shareOfPeak = new double[o.Repeats];
        var peaks = new double[o.Repeats];
        double flopsPerUnit = FlopModel.LstmTrainStep(units, steps, batch, features) * (o.Epoch ? 0 : 1);
        var load0 = CpuLoad.Read();
        var total = Stopwatch.StartNew();
        for (int r = 0; r < o.Repeats; r++)
        {
            double cpu0 = threads == 1 ? CpuLoad.ThreadCpuSeconds() : Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < perRepeat; i++) work();
            engineWall[r] = clock.Elapsed.TotalSeconds / perRepeat;
            double cpu1 = threads == 1 ? CpuLoad.ThreadCpuSeconds() : Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            engineCpu[r] = (cpu1 - cpu0) / perRepeat;
            peaks[r] = peak.Measure(peakTeam, width);
            if (!o.Epoch) shareOfPeak[r] = flopsPerUnit / engineWall[r] / 1e9 / peaks[r];
            if (torch is not null)
            {
                var (wall, cpu) = o.Epoch ? torch.Epoch() : torch.Train(torchPerRepeat);
                torchWall[r] = wall / torchPerRepeat;
                torchCpu[r] = cpu / torchPerRepeat;
            }
        }
        double foreign = CpuLoad.ForeignShare(load0, CpuLoad.Read(), total.Elapsed.TotalSeconds);

        var line = new Dictionary<string, object?>
        {
            ["bench"] = o.Epoch ? "compare_epoch" : "compare_step",
            ["cell"] = "lstm",
            ["U"] = units,
            ["T"] = steps,
            ["D"] = features,
            ["B"] = batch,
            ["threads"] = threads,
            ["isa"] = GemmDriver.BestIsa.ToString(),
        };
        if (o.Epoch)
        {
            line["train_samples"] = data.Train.Count;
            line["val_samples"] = data.Validation?.Count ?? 0;
            line["epoch_s"] = Round(RoundStatistics.Median(engineWall), 4);
            line["epoch_s_cpu"] = Round(RoundStatistics.Median(engineCpu), 4);
        }
        else
        {
            double step = RoundStatistics.Median(engineWall);
            line["train_samples_per_s"] = Round(batch / step, 1);
            line["train_samples_per_s_cpu"] = Round(batch / RoundStatistics.Median(engineCpu), 1);
            line["train_step_ms"] = Round(step * 1e3, 4);
            line["gflops"] = Round(flopsPerUnit / step / 1e9, 2);
            line["gflops_cpu"] = Round(flopsPerUnit / RoundStatistics.Median(engineCpu) / 1e9, 2);
            line["pct_of_peak"] = Round(100 * RoundStatistics.Median(shareOfPeak), 1);
            // Against CPU time: what the step costs the core it runs on, whatever else the machine runs.
            line["pct_of_peak_cpu"] = Round(100 * flopsPerUnit / RoundStatistics.Median(engineCpu) / 1e9 / RoundStatistics.Median(peaks), 1);
            line["steps_per_repeat"] = perRepeat;
        }
        line["peak_gflops"] = Round(RoundStatistics.Median(peaks), 1);
        if (torch is not null)
        {
            if (o.Epoch)
            {
                line["torch_epoch_s"] = Round(RoundStatistics.Median(torchWall), 4);
                line["torch_epoch_s_cpu"] = Round(RoundStatistics.Median(torchCpu), 4);
            }
            else
            {
                line["torch_train_samples_per_s"] = Round(batch / RoundStatistics.Median(torchWall), 1);
                line["torch_train_samples_per_s_cpu"] = Round(batch / RoundStatistics.Median(torchCpu), 1);
                line["torch_steps_per_repeat"] = torchPerRepeat;
            }
            // Engine speed over PyTorch's: the median of per-repeat ratios (wall clock, then CPU time).
            line["ratio_vs_torch"] = Round(RoundStatistics.MedianRatio(torchWall, engineWall), 2);
            line["ratio_vs_torch_cpu"] = Round(RoundStatistics.MedianRatio(torchCpu, engineCpu), 2);
            line["torch_openblas_core"] = torch.OpenBlasCore;
        }
        line["repeats"] = o.Repeats;
        line["foreign_load"] = Round(foreign, 3);
        return line;
    }

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : 0;

    private static Options Parse(string[] args)
    {
        int[] units = [32, 64, 128, 256, 512], seqs = [10, 30], features = [1], threads = [1];
        int batch = 32, repeats = 5, dataset = 2000;
        double minSeconds = 0.3;
        bool epoch = false, torch = true;
        string? coreType = TorchReference.DefaultCoreType();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--units": units = Ints("--units", Value()); break;
                case "--seq": seqs = Ints("--seq", Value()); break;
                case "--features": features = Ints("--features", Value()); break;
                case "--threads": threads = Ints("--threads", Value()); break;
                case "--batch": batch = Ints("--batch", Value())[0]; break;
                case "--repeats": repeats = Ints("--repeats", Value())[0]; break;
                case "--min-seconds": minSeconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--epoch": epoch = true; break;
                case "--dataset": dataset = Ints("--dataset", Value())[0]; break;
                case "--no-torch": torch = false; break;
                case "--torch-coretype": coreType = Value() is var c && c == "detected" ? null : c; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (dataset % 5 != 0) throw new ArgumentException($"--dataset: a multiple of 5 (so both sides split it 80/20 alike), got {dataset}");
        return new Options(units, seqs, features, threads, batch, repeats, minSeconds, epoch, dataset, torch, coreType);
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
