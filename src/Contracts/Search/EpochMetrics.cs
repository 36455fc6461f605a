using System.Text.Json.Serialization;
using Tuner.Contracts.Jobs;

namespace Tuner.Contracts.Search;

/// <summary>The metrics of one training epoch (1-based), as a worker reports them: the losses, and for the
/// classification tasks (classify, generate) the accuracies on the training batches and on the validation part
/// (null, and left out of JSON, for a forecast).</summary>
/// <remarks>A diverged epoch may carry NaN or infinity; those travel as JSON strings ("NaN") rather than
/// failing serialization.</remarks>
public sealed record EpochMetrics(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("loss"), JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double Loss,
    [property: JsonPropertyName("val_loss"), JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? ValLoss,
    [property: JsonPropertyName("accuracy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Accuracy = null,
    [property: JsonPropertyName("val_accuracy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValAccuracy = null)
{
    /// <summary>The value of <paramref name="objective"/> at this epoch; null when it was not measured.</summary>
    public double? Value(ObjectiveKind objective) => objective switch
    {
        ObjectiveKind.Loss => Loss,
        ObjectiveKind.ValLoss => ValLoss,
        ObjectiveKind.Accuracy => Accuracy,
        _ => ValAccuracy,
    };

    /// <summary>The epoch of <paramref name="history"/> with the best finite <paramref name="objective"/> (lowest loss,
    /// highest accuracy; the first of equals); null when none has one.</summary>
    public static EpochMetrics? Best(IEnumerable<EpochMetrics> history, ObjectiveKind objective)
    {
        EpochMetrics? best = null;
        foreach (var epoch in history)
        {
            if (epoch.Value(objective) is not { } v || !double.IsFinite(v)) continue;
            if (best is null || objective.IsBetter(v, best.Value(objective)!.Value)) best = epoch;
        }
        return best;
    }
}
