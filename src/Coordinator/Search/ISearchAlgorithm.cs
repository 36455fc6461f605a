using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search;

/// <summary>A search algorithm driven by events, the same for Hyperband, random search and ASHA: the runtime
/// asks <see cref="Decide"/> what to run and tells <see cref="Apply"/> what happened.</summary>
/// <remarks>
/// <para><see cref="Decide"/> is a pure query: it never changes state, so the runtime may ask as often as it
/// likes (whenever a worker is free). A <see cref="SearchDecision.Run"/> takes effect only when its
/// <see cref="WorkStarted"/> event is applied: persist the event, then apply it.</para>
/// <para><see cref="Apply"/> is the only mutator, and it is deterministic: applying the same events in the same
/// order to a fresh instance (built from the same job spec) rebuilds the same state, and the fresh instance
/// then makes the same decisions. That is how the actor runtime recovers: replay the journal into
/// <see cref="Apply"/>. No clocks, no I/O, no hidden randomness: configurations come from per-trial random
/// streams derived from the job seed, so they do not depend on worker timing either.</para>
/// <para>Re-dispatching a work item whose worker died is the runtime's business (same item, new attempt id);
/// the algorithm sees one <see cref="WorkStarted"/> and one <see cref="WorkFinished"/> per work item.</para>
/// <para>Not thread-safe: one owner (the job's actor) calls it.</para>
/// </remarks>
public interface ISearchAlgorithm
{
    /// <summary>Every trial so far: status, objective, history, best (what results.json needs).</summary>
    TrialBook Book { get; }

    /// <summary>Epochs the whole search trains if nothing diverges or fails; null when unknown in advance (ASHA).</summary>
    long? PlannedEpochs { get; }

    /// <summary>Set once the search has finished (not cancelled) with fewer trials than its <c>maxTrials</c> because no
    /// untried configuration was left to draw; else null. Pure, like <see cref="Decide"/>.</summary>
    SearchExhaustion? Exhaustion { get; }

    /// <summary>What to do next. Pure: calling it changes nothing.</summary>
    SearchDecision Decide();

    /// <summary>Records one event. Throws <see cref="InvalidOperationException"/> for events that contradict the
    /// state (an unknown or repeated work id): a journal from another job.</summary>
    void Apply(SearchEvent searchEvent);
}
