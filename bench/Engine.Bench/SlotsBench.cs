using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tuner.Engine.Data;
using Tuner.Engine.Layers;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Training;

namespace Tuner.Engine.Bench;

/// <summary>
/// How a worker's slots scale: N trials trained at once on N threads against one trial alone, as a
/// worker with <c>--slots N</c> runs them (each attempt on its own thread, one engine thread per trial,
/// whole epochs, a checkpoint after each). Phases alternate — one trial alone, then N together — repeat
/// by repeat, so both see the same machine; the figure is the median over repeats of (N trials'
/// epochs/s) / (one trial's epochs/s), against the target 0.9·N. On a shared machine other processes
/// take cores from the N trials, so it also reports each trial's epochs per CPU-second together against
/// alone (what the trials cost each other) and N times that: the scaling on N free cores.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/Engine.Bench -- slots [--slots 2] [--units 128] [--seq 14]
/// [--features 7] [--dataset 2000] [--epochs 3] [--repeats 5]</c>. Every trial trains the same number of
/// epochs per phase; a phase ends when the last trial finishes, so an uneven machine counts against it.
/// </remarks>
internal static class SlotsBench
{
    public static int Run(string[] args)
    {
        int slots = Int(args, "--slots", Environment.ProcessorCount);
        int units = Int(args, "--units", 128), steps = Int(args, "--seq", 14), features = Int(args, "--features", 7);
        int dataset = Int(args, "--dataset", 2000), epochs = Int(args, "--epochs", 3), repeats = Int(args, "--repeats", 5);
        Console.WriteLine(JsonSerializer.Serialize(EngineEnvironment.Describe([1])));

        var data = DatasetBuilder.Build(BenchSeries.NoisySines(dataset + steps, features), steps, horizon: 1, validationSplit: 0.2, Normalization.Standard);
        // Distinct seeds, as distinct trials; the configuration is the same so each phase's work is too.
        var sessions = Enumerable.Range(0, slots)
            .Select(i => TrainingSession.Create(new ModelSpec(CellType.Lstm, features, units, Dropout: 0.2f), OptimizerSpec.Adam(1e-3f), 32, seed: (ulong)(i + 1), threads: 1))
            .ToArray();
        try
        {
            Phase(sessions, slots, data, 1);   // warm-up: JIT tiers and buffers on every thread
            Phase(sessions, slots, data, 1);
            var one = new double[repeats];
            var all = new double[repeats];
            var oneCpu = new double[repeats];
            var allCpu = new double[repeats];
            var load0 = CpuLoad.Read();
            var clock = Stopwatch.StartNew();
            for (int r = 0; r < repeats; r++)
            {
                var (wall1, cpu1) = Phase(sessions, 1, data, epochs);
                var (wallN, cpuN) = Phase(sessions, slots, data, epochs);
                one[r] = epochs / wall1;
                all[r] = slots * epochs / wallN;
                oneCpu[r] = epochs / cpu1;
                allCpu[r] = epochs / cpuN;
            }
            var ratios = one.Select((x, r) => all[r] / x).Order().ToArray();
            // Per trial and CPU-second, together against alone: what the trials cost each other (memory,
            // caches), apart from how much CPU other processes on a shared machine left them.
            var cpuRatios = oneCpu.Select((x, r) => allCpu[r] / x).Order().ToArray();
            var foreign = CpuLoad.ForeignShare(load0, CpuLoad.Read(), clock.Elapsed.TotalSeconds);
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["bench"] = "slots",
                ["slots"] = slots,
                ["U"] = units,
                ["T"] = steps,
                ["D"] = features,
                ["train_samples"] = data.Train.Count,
                ["val_samples"] = data.Validation?.Count ?? 0,
                ["one_slot_epochs_per_s"] = Math.Round(one.Order().ElementAt(repeats / 2), 3),
                ["all_slots_epochs_per_s"] = Math.Round(all.Order().ElementAt(repeats / 2), 3),
                ["scaling"] = Math.Round(ratios[repeats / 2], 3),
                ["scaling_per_slot"] = Math.Round(ratios[repeats / 2] / slots, 3),
                ["cpu_efficiency_together"] = Math.Round(cpuRatios[repeats / 2], 3),
                ["scaling_on_free_cores"] = Math.Round(slots * cpuRatios[repeats / 2], 3),
                ["target_scaling"] = 0.9 * slots,
                ["repeats"] = repeats,
                ["foreign_load"] = Math.Round(foreign, 3),
            }));
        }
        finally
        {
            foreach (var s in sessions) s.Dispose();
        }
        return 0;
    }

    /// <summary>Trains <paramref name="epochs"/> epochs on each of the first <paramref name="count"/> sessions,
    /// each on its own thread; returns the seconds until the last is done and the trials' mean CPU seconds.</summary>
    private static (double Wall, double Cpu) Phase(TrainingSession[] sessions, int count, PreparedData data, int epochs)
    {
        using var start = new ManualResetEventSlim();
        var threads = new Thread[count];
        var cpu = new double[count];
        for (int i = 0; i < count; i++)
        {
            var session = sessions[i];
            var slot = i;
            threads[i] = new Thread(() =>
            {
                start.Wait();
                var cpu0 = CpuLoad.ThreadCpuSeconds();
                for (int e = 0; e < epochs; e++)
                {
                    session.Train(data, session.EpochsCompleted + 1);
                    _ = session.SaveCheckpoint();   // what a worker keeps after every epoch
                }
                cpu[slot] = CpuLoad.ThreadCpuSeconds() - cpu0;
            }) { IsBackground = true };
            threads[i].Start();
        }
        var clock = Stopwatch.StartNew();
        start.Set();
        foreach (var t in threads) t.Join();
        return (clock.Elapsed.TotalSeconds, cpu.Average());
    }

    private static int Int(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
