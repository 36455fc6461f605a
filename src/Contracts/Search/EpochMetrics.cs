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
}
