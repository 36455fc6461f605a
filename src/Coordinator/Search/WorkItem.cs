using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search;

/// <summary>One unit of training to dispatch: trial <paramref name="TrialId"/> trains epochs
/// <c>FromEpoch + 1 … ToEpoch</c>, starting from the checkpoint of work item <paramref name="ResumeFrom"/>
/// (null: from fresh weights, and then <paramref name="FromEpoch"/> is 0).</summary>
/// <param name="WorkId">Stable id, <c>t-0007.r1.x0</c>: trial, round, execution. Retries of the same work keep it
/// (attempt ids are the runtime's business); checkpoints are named by it.</param>
/// <param name="TrialId">The configuration's id, <c>t-0007</c>.</param>
/// <param name="Hyperparameters">The configuration to train.</param>
/// <param name="Seed">The training seed (weight initialization, shuffling) for this trial and execution.</param>
/// <param name="Execution">0 … executionsPerTrial − 1 for random search (independent trainings); 0 otherwise.</param>
/// <param name="Round">Hyperband round or ASHA rung; 0 for random search.</param>
/// <param name="FromEpoch">Epochs already in the checkpoint being resumed.</param>
/// <param name="ToEpoch">The trial's epoch count when this work ends.</param>
/// <param name="ResumeFrom">The work item whose checkpoint (weights and optimizer state) to continue from.</param>
/// <param name="Bracket">Hyperband bracket s; null for other algorithms.</param>
/// <param name="Iteration">Hyperband iteration (0-based); null for other algorithms.</param>
public sealed record WorkItem(
    string WorkId,
    string TrialId,
    Hyperparameters Hyperparameters,
    long Seed,
    int Execution,
    int Round,
    int FromEpoch,
    int ToEpoch,
    string? ResumeFrom,
    int? Bracket = null,
    int? Iteration = null)
{
    /// <summary>Epochs this work trains.</summary>
    public int Epochs => ToEpoch - FromEpoch;
}
