using System.Diagnostics;

namespace Tuner.Engine.Bench;

/// <summary>Times repeated training steps in their steady state: a warm-up of at least 2 s each (tiered JIT
/// promotes the hot loops only after many calls, and a worker trains for minutes), then <c>repeats</c>
/// rounds of at least <c>minSeconds</c> per step kind. Several kinds are measured interleaved, round by
/// round, so that on a shared machine each sees the same load and their ratio stays fair. The median
/// round is the figure, the best one the spread's edge; wall-clock and this thread's CPU time are both
/// kept (with one engine thread, CPU time is what the step costs whatever else the machine runs), and
/// how much of the machine other processes used meanwhile.</summary>
internal static class StepTimer
{
    /// <param name="Rounds">Seconds per step in each round, in round order (for paired ratios).</param>
    /// <param name="CpuRounds">This thread's CPU seconds per step in each round.</param>
    public sealed record Timing(double MedianSeconds, double BestSeconds, double MedianCpuSeconds, int StepsPerRepeat, int Repeats, double ForeignCpuShare,
        double[] Rounds, double[] CpuRounds)
    {
        /// <summary>The median over rounds of this kind's step time divided by <paramref name="other"/>'s in the
        /// same round: pairs cancel the load that drifts from round to round.</summary>
        public double PairedRatio(Timing other, bool cpu = false) =>
            cpu ? RoundStatistics.MedianRatio(CpuRounds, other.CpuRounds) : RoundStatistics.MedianRatio(Rounds, other.Rounds);
    }

    public static Timing[] Measure(int repeats, double minSeconds, params Action[] steps) => Measure(repeats, minSeconds, steps, afterRound: null);

    /// <param name="afterRound">Runs after each round with its index: another party's round (PyTorch's), timed by its
    /// caller, so that it too sees the load of the engine's round it follows.</param>
    public static Timing[] Measure(int repeats, double minSeconds, Action[] steps, Action<int>? afterRound)
    {
        var perRepeat = new int[steps.Length];
        for (int k = 0; k < steps.Length; k++)
        {
            var warmup = Stopwatch.StartNew();
            int count = 0;
            while (warmup.Elapsed < TimeSpan.FromSeconds(2) || count < 50)
            {
                steps[k]();
                count++;
                if (count >= 5 && warmup.Elapsed > TimeSpan.FromSeconds(20)) break;   // slow steps: a few are warm enough
            }
            var probe = Stopwatch.StartNew();
            for (int i = 0; i < 3; i++) steps[k]();
            perRepeat[k] = Math.Max(5, (int)Math.Ceiling(minSeconds / (probe.Elapsed.TotalSeconds / 3)));
        }

        var wall = new double[steps.Length][];
        var cpu = new double[steps.Length][];
        for (int k = 0; k < steps.Length; k++) (wall[k], cpu[k]) = (new double[repeats], new double[repeats]);
        var load0 = CpuLoad.Read();
        var total = Stopwatch.StartNew();
        for (int r = 0; r < repeats; r++)
        {
            for (int k = 0; k < steps.Length; k++)
            {
                double cpu0 = CpuLoad.ThreadCpuSeconds();
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < perRepeat[k]; i++) steps[k]();
                wall[k][r] = clock.Elapsed.TotalSeconds / perRepeat[k];
                cpu[k][r] = (CpuLoad.ThreadCpuSeconds() - cpu0) / perRepeat[k];
            }
            afterRound?.Invoke(r);
        }
        double foreign = Math.Round(CpuLoad.ForeignShare(load0, CpuLoad.Read(), total.Elapsed.TotalSeconds), 3);
        var result = new Timing[steps.Length];
        for (int k = 0; k < steps.Length; k++)
        {
            var rounds = (double[])wall[k].Clone();
            var cpuRounds = (double[])cpu[k].Clone();
            Array.Sort(wall[k]);
            Array.Sort(cpu[k]);
            result[k] = new Timing(wall[k][repeats / 2], wall[k][0], cpu[k][repeats / 2], perRepeat[k], repeats, foreign, rounds, cpuRounds);
        }
        return result;
    }
}
