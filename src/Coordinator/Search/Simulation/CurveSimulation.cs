using System.Runtime.ExceptionServices;
using System.Text.Json;
using Tuner.Contracts.Jobs;

namespace Tuner.Coordinator.Search.Simulation;

/// <summary>What <c>tuner simulate</c> computes (PRODUCT.md §8): the job's algorithm run against a stand-in for training
/// by <see cref="FleetSimulator"/>, once per seed (the job's seed + 0 … repeats − 1).</summary>
public static class CurveSimulation
{
    /// <summary>One run per seed, the runs on every core at once (each is its own search, so the document is the same
    /// whichever finishes first); <paramref name="runFinished"/> is called after each, and <paramref name="epochsFinished"/>
    /// with the epochs of each simulated work item, from the thread that ran it.
    /// Cancelled: <see cref="OperationCanceledException"/>; a run's failure is thrown as itself.</summary>
    public static IReadOnlyList<SimulatedRun> Run(JobSpec spec, ISyntheticProblem problem, int workers, int repeats,
        CancellationToken cancellation = default, Action? runFinished = null, Action<int>? epochsFinished = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var runs = new SimulatedRun[repeats];
        var parallel = new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Environment.ProcessorCount };
        try
        {
            Parallel.For(0, repeats, parallel, r =>
            {
                runs[r] = RunOne(spec, problem, workers, spec.Seed + r, new SimulationOptions(Cancellation: cancellation, WorkFinished: epochsFinished));
                runFinished?.Invoke();
            });
        }
        catch (AggregateException e)
        {
            var first = e.InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
        return runs;
    }

    /// <summary>The epochs one run trains at most (its algorithm's plan), or null when it has no plan (ASHA).</summary>
    public static long? PlannedEpochs(JobSpec spec) => SearchAlgorithms.Create(spec).PlannedEpochs;

    private static SimulatedRun RunOne(JobSpec spec, ISyntheticProblem problem, int workers, long seed, SimulationOptions options)
    {
        var algorithm = SearchAlgorithms.Create(SearchContext.From(spec) with { Seed = seed }, spec.Algorithm);
        var result = FleetSimulator.Run(algorithm, problem, workers, options);
        // The trace: each time the best objective improved, the epochs trained by then and the new best.
        var trace = new List<(long, double)>();
        foreach (var point in result.Progress)
        {
            if (point.BestObjective is not { } best) continue;
            if (trace.Count > 0 && trace[^1].Item2 == best) continue;
            trace.Add((point.EpochsFinished, best));
        }
        return new SimulatedRun(seed, result.Best?.Objective, result.EpochsTrained, result.Makespan, trace);
    }

    /// <summary>The document <c>tuner simulate</c> prints: <c>{"algorithm", "workers", "runs": [{"seed", "best", "epochs",
    /// "wallClock", "trace": [[epochs, best], …]}]}</c>.</summary>
    public static string ToJson(string algorithm, int workers, IReadOnlyList<SimulatedRun> runs)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("algorithm", algorithm);
            writer.WriteNumber("workers", workers);
            writer.WriteStartArray("runs");
            foreach (var run in runs)
            {
                writer.WriteStartObject();
                writer.WriteNumber("seed", run.Seed);
                if (run.Best is { } best) writer.WriteNumber("best", best);
                else writer.WriteNull("best");
                writer.WriteNumber("epochs", run.Epochs);
                writer.WriteNumber("wallClock", Math.Round(run.WallClock, 3));
                writer.WriteStartArray("trace");
                foreach (var (epochs, value) in run.Trace)
                {
                    writer.WriteStartArray();
                    writer.WriteNumberValue(epochs);
                    writer.WriteNumberValue(value);
                    writer.WriteEndArray();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>One simulated search: its seed, best objective (null when no trial produced one), epochs trained, virtual
/// wall-clock seconds, and the best objective each time it improved with the epochs trained by then.</summary>
public sealed record SimulatedRun(long Seed, double? Best, long Epochs, double WallClock, IReadOnlyList<(long Epochs, double Best)> Trace);
