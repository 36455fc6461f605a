using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Search;

namespace Tuner.Worker;

/// <summary>What one attempt trains: a configuration of a job, its weight seed, and epochs
/// <c>FromEpoch + 1 … ToEpoch</c> (epochs counted over the whole trial, as checkpoints count them).</summary>
public sealed record TrialPlan(JobSpec Spec, Hyperparameters Hyperparameters, long Seed, int FromEpoch, int ToEpoch)
{
    /// <summary>The plan of <paramref name="assignment"/>, whose spec JSON has been parsed into <paramref name="spec"/>.</summary>
    public static TrialPlan From(WorkProtocol.TrialAssignment assignment, JobSpec spec) =>
        new(spec, assignment.Hyperparameters, assignment.Seed, assignment.FromEpoch, assignment.ToEpoch);
}
