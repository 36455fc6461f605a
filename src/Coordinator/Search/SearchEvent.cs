using System.Text.Json.Serialization;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Search;

/// <summary>Everything that changes a search algorithm's state. The runtime persists these and, on recovery,
/// applies the same events in the same order to a fresh algorithm: its state and its next decisions are then
/// identical (see <see cref="ISearchAlgorithm"/>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(WorkStarted), "workStarted")]
[JsonDerivedType(typeof(EpochReported), "epochReported")]
[JsonDerivedType(typeof(WorkFinished), "workFinished")]
[JsonDerivedType(typeof(SearchCancelled), "searchCancelled")]
public abstract record SearchEvent;

/// <summary>A work item was dispatched: exactly the item of a <see cref="SearchDecision.Run"/>. A new trial's
/// configuration travels in the item, so recovery never re-draws it.</summary>
public sealed record WorkStarted(WorkItem Item) : SearchEvent;

/// <summary>One epoch of a running work item finished (live progress; optional, idempotent per epoch).</summary>
public sealed record EpochReported(string WorkId, EpochMetrics Epoch) : SearchEvent;

/// <summary>A work item ended; <see cref="WorkOutcome.History"/> is authoritative for its epochs.</summary>
public sealed record WorkFinished(string WorkId, WorkOutcome Outcome) : SearchEvent;

/// <summary>The job was cancelled: the algorithm decides nothing more; unfinished trials become cancelled, those still
/// training once their work ends.</summary>
public sealed record SearchCancelled : SearchEvent;
