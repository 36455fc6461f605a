using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search.Simulation;

/// <summary>What a simulated search did.</summary>
/// <param name="Workers">Simulated workers.</param>
/// <param name="Makespan">Virtual seconds from start to the last work item's end.</param>
/// <param name="BusySeconds">Virtual seconds the workers spent training, summed.</param>
/// <param name="EpochsTrained">Epochs actually trained.</param>
/// <param name="Best">The best trial at the end.</param>
/// <param name="Events">Every event applied, in order (replay them to rebuild the algorithm).</param>
/// <param name="Progress">One point per finished work item, in time order.</param>
public sealed record SimulationResult(
    int Workers,
    double Makespan,
    double BusySeconds,
    long EpochsTrained,
    TrialRecord? Best,
    IReadOnlyList<SearchEvent> Events,
    IReadOnlyList<ProgressPoint> Progress)
{
    /// <summary>Busy time over available time: BusySeconds / (Workers · Makespan).</summary>
    public double Utilization => Makespan <= 0 ? 0 : BusySeconds / (Workers * Makespan);

    /// <summary>Epochs dispatched by the time the best objective first reached <paramref name="target"/> or better; null if never.</summary>
    public long? EpochsToReach(double target) => Progress.FirstOrDefault(p => p.BestObjective <= target)?.EpochsStarted;

    /// <summary>Epochs dispatched by the time the best trial so far first satisfied <paramref name="reached"/>; null if never.</summary>
    public long? EpochsUntil(Func<string, bool> reached) =>
        Progress.FirstOrDefault(p => p.BestTrialId is { } id && reached(id))?.EpochsStarted;
}

/// <summary>The state of a simulated search when a work item finished.</summary>
/// <param name="Time">Virtual seconds since the start.</param>
/// <param name="EpochsStarted">Epochs of every work item dispatched so far (including unfinished ones).</param>
/// <param name="EpochsFinished">Epochs of the finished work items.</param>
/// <param name="BestObjective">The best objective of any rankable trial so far.</param>
/// <param name="BestTrialId">The trial holding <paramref name="BestObjective"/>.</param>
public sealed record ProgressPoint(double Time, long EpochsStarted, long EpochsFinished, double? BestObjective, string? BestTrialId);
