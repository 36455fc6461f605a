using System.Text.Json.Serialization;

namespace Tuner.Contracts.Search;

/// <summary>The metrics of one training epoch (1-based), as a worker reports them.</summary>
/// <remarks>A diverged epoch may carry NaN or infinity; those travel as JSON strings ("NaN") rather than
/// failing serialization.</remarks>
public sealed record EpochMetrics(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("loss"), JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double Loss,
    [property: JsonPropertyName("val_loss"), JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? ValLoss)
{
    /// <summary>The value of <paramref name="objective"/> at this epoch; null when it was not measured.</summary>
    public double? Value(Jobs.ObjectiveKind objective) => objective == Jobs.ObjectiveKind.Loss ? Loss : ValLoss;

    /// <summary>The epoch of <paramref name="history"/> with the lowest finite <paramref name="objective"/> (the first of
    /// equals); null when none has one.</summary>
    public static EpochMetrics? Best(IEnumerable<EpochMetrics> history, Jobs.ObjectiveKind objective)
    {
        EpochMetrics? best = null;
        foreach (var epoch in history)
        {
            if (epoch.Value(objective) is not { } v || !double.IsFinite(v)) continue;
            if (best is null || v < best.Value(objective)!.Value) best = epoch;
        }
        return best;
    }
}
