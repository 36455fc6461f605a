using System.Text.Json.Serialization;
using Tuner.Contracts.Collections;

namespace Tuner.Contracts.Results;

/// <summary>What the best model does on the job's own data (PRODUCT.md §8, report additions): for a forecast its
/// predictions against the actual series over the validation part, for classify the validation confusion matrix and
/// accuracy, for generate a sample continuation — each beside the simple baseline it should beat. Served by
/// <c>GET /api/jobs/{id}/model</c> and drawn by the dashboard and report.html.</summary>
/// <param name="Epoch">The epoch of the best trial whose state the model is.</param>
public sealed record ModelReport(
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("trialId")] string TrialId,
    [property: JsonPropertyName("epoch")] int? Epoch,
    [property: JsonPropertyName("forecast"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ForecastReport? Forecast = null,
    [property: JsonPropertyName("classification"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ClassificationReport? Classification = null,
    [property: JsonPropertyName("generation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenerationReport? Generation = null);

/// <summary>The forecast of every validation row (<paramref name="Index"/>: the zero-based data row forecast) in the
/// target's original units, the actual values, their RMSE, and the RMSE of the persistence forecast (the value
/// <c>horizon</c> rows earlier, the last one the window saw).</summary>
public sealed record ForecastReport(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("index")] ValueList<int> Index,
    [property: JsonPropertyName("actual")] ValueList<float> Actual,
    [property: JsonPropertyName("forecast")] ValueList<float> Forecast,
    [property: JsonPropertyName("rmse")] double? Rmse,
    [property: JsonPropertyName("persistenceRmse")] double? PersistenceRmse);

/// <summary>The validation confusion matrix (<c>Confusion[actual][predicted]</c>, classes in <paramref name="Labels"/>'
/// order), the accuracy, and the share of the most frequent actual class (what always guessing it scores).</summary>
public sealed record ClassificationReport(
    [property: JsonPropertyName("labels")] ValueList<string> Labels,
    [property: JsonPropertyName("confusion")] ValueList<ValueList<int>> Confusion,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("accuracy")] double? Accuracy,
    [property: JsonPropertyName("majorityRate")] double MajorityRate);

/// <summary>A continuation of <paramref name="Prompt"/> (the validation part's first window), sampled with
/// <paramref name="Temperature"/> and <paramref name="Seed"/>; the model's validation loss beside the loss of predicting
/// the training part's character frequencies (add-one smoothed) on the validation part.</summary>
public sealed record GenerationReport(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("sample")] string Sample,
    [property: JsonPropertyName("temperature")] double Temperature,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("valLoss")] double? ValLoss,
    [property: JsonPropertyName("frequencyLoss")] double? FrequencyLoss);
