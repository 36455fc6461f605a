using System.Text.Json.Serialization;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Results;

/// <summary><c>results.json</c> (PRODUCT.md §3): the job, its best trial and every trial with its history.
/// Served by <c>GET /api/jobs/{id}/results</c>, written by <c>tuner run</c>, printed by <c>--json</c>.
/// <c>searchSpace</c> describes the hyperparameters (so charts know which axes are log-sampled); <c>task</c> says what
/// the models do (forecast, classify, generate: null in files written before it was added), so curves replayed by
/// <c>tuner simulate</c> are known to be of the same kind of model; <c>error</c> says why a failed job failed (as the
/// job's summary does), so a report of it is not silent about the reason.</summary>
public sealed record ResultsDocument(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("task"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Task,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("objective")] string Objective,
    [property: JsonPropertyName("totalEpochs")] long TotalEpochs,
    [property: JsonPropertyName("plannedEpochs")] long? PlannedEpochs,
    [property: JsonPropertyName("best")] BestTrial? Best,
    [property: JsonPropertyName("trials")] ValueList<TrialResult> Trials,
    [property: JsonPropertyName("searchSpace"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValueList<SearchDimension>? SearchSpace = null,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>The best trial: the best objective (lowest loss, highest accuracy) among trials that did not diverge or
/// fail, its metrics at the epoch the objective came from (<paramref name="BestEpoch"/>), and the checkpoint holding
/// its state at that epoch (the best model).</summary>
public sealed record BestTrial(
    [property: JsonPropertyName("trialId")] string TrialId,
    [property: JsonPropertyName("hyperparameters")] Hyperparameters Hyperparameters,
    [property: JsonPropertyName("val_loss")] double? ValLoss,
    [property: JsonPropertyName("loss")] double? Loss,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("checkpoint")] string? Checkpoint,
    [property: JsonPropertyName("val_accuracy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValAccuracy = null,
    [property: JsonPropertyName("accuracy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Accuracy = null,
    [property: JsonPropertyName("bestEpoch"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? BestEpoch = null);

/// <summary>One trial (one configuration). Its objective is its best epoch's value (as in Keras Tuner; the mean over
/// executions for random search), and the other metrics are those of that epoch: <c>val_loss</c>, <c>loss</c>, and for
/// classify and generate <c>val_accuracy</c>, <c>accuracy</c>; <c>history</c> keeps every epoch.</summary>
/// <param name="Status">completed, stopped (not promoted), diverged, failed (with error), cancelled, running, pending.</param>
public sealed record TrialResult(
    [property: JsonPropertyName("trialId")] string TrialId,
    [property: JsonPropertyName("hyperparameters")] Hyperparameters Hyperparameters,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("val_loss"), JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? ValLoss,
    [property: JsonPropertyName("loss"), JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? Loss,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("bracket")] int? Bracket,
    [property: JsonPropertyName("round")] int? Round,
    [property: JsonPropertyName("worker")] string? Worker,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("history")] ValueList<EpochMetrics> History,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonPropertyName("val_accuracy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValAccuracy = null,
    [property: JsonPropertyName("accuracy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Accuracy = null);
