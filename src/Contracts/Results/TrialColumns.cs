using System.Text.Json.Serialization;
using Tuner.Contracts.Collections;

namespace Tuner.Contracts.Results;

/// <summary>Every trial of a job without histories, column by column (<c>GET /api/jobs/{id}/points</c>; inlined in
/// report.html): what the scatter plots draw and report.html's table pages through — at 100,000 trials a few megabytes
/// instead of one object per trial. Position i of every column is the trial <c>Ids[i]</c>, in trial-id order. Words that
/// repeat (statuses, workers, a choice's values) are listed once and referred to by index.</summary>
/// <param name="Version">Grows whenever a trial of the job changes (the job's journal sequence number); 0 in a report.</param>
/// <param name="Metrics">val_loss, loss (and val_accuracy, accuracy for a classifier or generator): a value per trial, null where not measured.</param>
/// <param name="Hyperparameters">One column per hyperparameter, in the search space's order.</param>
/// <param name="SearchSpace">The hyperparameters' types, ranges and sampling (as results.json has them): the charts' axes.</param>
public sealed record TrialColumns(
    [property: JsonPropertyName("objective")] string Objective,
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("ids")] ValueList<string> Ids,
    [property: JsonPropertyName("statusWords")] ValueList<string> StatusWords,
    [property: JsonPropertyName("status")] ValueList<int> Status,
    [property: JsonPropertyName("metrics")] ValueList<MetricColumn> Metrics,
    [property: JsonPropertyName("epochs")] ValueList<int> Epochs,
    [property: JsonPropertyName("bracket")] ValueList<int?> Bracket,
    [property: JsonPropertyName("round")] ValueList<int?> Round,
    [property: JsonPropertyName("workerWords")] ValueList<string> WorkerWords,
    [property: JsonPropertyName("worker")] ValueList<int> Worker,
    [property: JsonPropertyName("seconds")] ValueList<float> Seconds,
    [property: JsonPropertyName("hyperparameters")] ValueList<HyperparameterColumn> Hyperparameters,
    [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValueList<TrialError>? Errors = null,
    [property: JsonPropertyName("searchSpace"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValueList<SearchDimension>? SearchSpace = null);

/// <summary>One metric of every trial (single precision: what a table and a chart show). <c>null</c> = not measured.</summary>
public sealed record MetricColumn(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("values")] ValueList<float?> Values);

/// <summary>One hyperparameter of every trial: <paramref name="Numbers"/> for a numeric one (single precision, as charts and
/// tables show it; half the text of a double's shortest form), else <paramref name="Codes"/>
/// into <paramref name="Words"/> (each word as the value's JSON text: <c>"lstm"</c>, <c>true</c>). −1 / null: the trial has no such value.</summary>
public sealed record HyperparameterColumn(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("numbers"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValueList<float?>? Numbers = null,
    [property: JsonPropertyName("words"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValueList<string>? Words = null,
    [property: JsonPropertyName("codes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValueList<int>? Codes = null);

/// <summary>Why trial <paramref name="Index"/> (a position in the columns) failed.</summary>
public sealed record TrialError(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("error")] string Error);
