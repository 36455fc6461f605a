using Tuner.Contracts.Protocol;
using Tuner.Contracts.Search;

namespace Tuner.Worker;

/// <summary>How a worker trains one attempt, off the actor: calls <paramref name="onEpoch"/> after each epoch (its
/// metrics and seconds) and ends with the outcome; never throws, but for
/// <see cref="Tuner.Runtime.Blobs.BlobStoreUnavailableException"/> (the blob store stayed unavailable: the attempt is
/// handed back, not failed). A worker node trains with the engine
/// (<see cref="AttemptExecution"/>); the dispatch benchmarks plug in a stand-in that finishes at once.</summary>
public delegate Task<TrialOutcome> TrainAttempt(WorkProtocol.TrialAssignment assignment, Action<EpochMetrics, double> onEpoch, CancellationToken cancellation);
