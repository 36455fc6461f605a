using Tuner.Contracts.Collections;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search.Trials;

/// <summary>A trial as results.json shows it (PRODUCT.md §3), without runtime facts (worker, seconds).</summary>
/// <param name="TrialId"><c>t-0001</c>, in creation order.</param>
/// <param name="Hyperparameters">The configuration.</param>
/// <param name="Status">Running, waiting, or a final status.</param>
/// <param name="Objective">The best epoch value of the objective metric (lowest loss, highest accuracy); the mean over executions for
/// random search with several; null when diverged, failed or not measured yet.</param>
/// <param name="Epochs">Epochs trained (per execution).</param>
/// <param name="History">Every finite epoch; with several executions, the per-epoch mean over them.</param>
/// <param name="Bracket">Hyperband bracket s; null for other algorithms.</param>
/// <param name="Iteration">Hyperband iteration; null for other algorithms.</param>
/// <param name="Round">The last Hyperband round or ASHA rung the trial started.</param>
/// <param name="Error">Why the trial failed.</param>
/// <param name="Executions">Each training of the trial (one, except random search with executionsPerTrial &gt; 1).</param>
/// <param name="CheckpointWorkId">The work item whose checkpoint holds this trial's model (the best execution's last).</param>
public sealed record TrialRecord(
    string TrialId,
    Hyperparameters Hyperparameters,
    TrialStatus Status,
    double? Objective,
    int Epochs,
    ValueList<EpochMetrics> History,
    int? Bracket,
    int? Iteration,
    int Round,
    string? Error,
    ValueList<ExecutionRecord> Executions,
    string? CheckpointWorkId);

/// <summary>One training of a trial (random search runs several from different initial weights).</summary>
public sealed record ExecutionRecord(int Execution, double? Objective, int Epochs, ValueList<EpochMetrics> History, string? LastWorkId);
