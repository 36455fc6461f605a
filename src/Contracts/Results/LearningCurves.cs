using System.Text.Json.Serialization;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Results;

/// <summary>What the dashboard draws as learning curves at any number of trials (<c>GET /api/jobs/{id}/curves</c>, and
/// inlined in report.html): the best <paramref name="Best"/> trials' curves, plus per epoch the quantiles of the metric over
/// every trial that reached that epoch — a band instead of thousands of lines.</summary>
/// <param name="Metric">The metric drawn (val_loss, loss, val_accuracy, accuracy).</param>
/// <param name="Objective">The job's objective (which way is better).</param>
/// <param name="Trials">Trials with at least one value of the metric: what the band summarizes.</param>
/// <param name="Best">How many best trials were asked for.</param>
/// <param name="Lines">The best trials' curves, best first, then any asked for by id (or every trial, when all were asked for).</param>
/// <param name="Band">One entry per epoch any trial reached, in epoch order.</param>
public sealed record LearningCurves(
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("objective")] string Objective,
    [property: JsonPropertyName("trials")] int Trials,
    [property: JsonPropertyName("best")] int Best,
    [property: JsonPropertyName("lines")] ValueList<CurveLine> Lines,
    [property: JsonPropertyName("band")] ValueList<EpochBand> Band);

/// <summary>One trial's curve: the metric at each epoch it has a finite value for.</summary>
/// <param name="Rank">1 for the best trial, 2 for the next, …; null for a trial without an objective.</param>
public sealed record CurveLine(
    [property: JsonPropertyName("trialId")] string TrialId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("objective")] double? Objective,
    [property: JsonPropertyName("rank")] int? Rank,
    [property: JsonPropertyName("hyperparameters")] Hyperparameters Hyperparameters,
    [property: JsonPropertyName("epochs")] ValueList<int> Epochs,
    [property: JsonPropertyName("values")] ValueList<double> Values);

/// <summary>The metric at one epoch over the <paramref name="Count"/> trials that have a finite value there: quantiles
/// (p10 … p90; linear interpolation between order statistics) and the extremes.</summary>
public sealed record EpochBand(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("p10")] double P10,
    [property: JsonPropertyName("p25")] double P25,
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p75")] double P75,
    [property: JsonPropertyName("p90")] double P90,
    [property: JsonPropertyName("max")] double Max);
